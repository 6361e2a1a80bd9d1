import { expect } from 'chai';
import { DEFAULT_DESCRIPTION_PATH, loadIntercomDescription, type IntercomDescription } from '../../../simulators/intercom/openapi-description.ts';
import { setDescriptionFile } from '../../../simulators/intercom/openapi-validator.ts';
import type { IntercomSimulator } from '../../../simulators/intercom/server.ts';
import { conformanceChecker, invalidBodies } from './conformance-check.ts';
import { ANN, BOB, CIARA, TEAM, TOMAS, startConversationSim } from './harness.ts';

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('Intercom simulator: conformance with the official 2.16 description', () => {
  let description: IntercomDescription;
  let sim: IntercomSimulator;
  let check: ReturnType<typeof conformanceChecker>;

  before(async function () {
    const loaded = loadIntercomDescription();
    if (!loaded) {
      console.log(`    (skipped: the official description is absent at ${DEFAULT_DESCRIPTION_PATH}; the simulator runs on hand-written checks)`);
      this.skip();
    }
    description = loaded!;
    setDescriptionFile(DEFAULT_DESCRIPTION_PATH);
    sim = await startConversationSim();
    check = conformanceChecker(sim);
  });
  after(() => sim?.close());

  it('answers every allowed request with a documented, schema-valid response', async () => {
    const { accept } = check;
    // Workspace: admins, teams, brands, tags, data attributes, help centers.
    await accept('identifyAdmin', 'GET', '/me');
    await accept('listAdmins', 'GET', '/admins');
    await accept('retrieveAdmin', 'GET', `/admins/${CIARA}`);
    await accept('listTeams', 'GET', '/teams');
    await accept('retrieveTeam', 'GET', `/teams/${TEAM}`);
    const brands = await accept('listBrands', 'GET', '/brands');
    await accept('retrieveBrand', 'GET', `/brands/${brands.data[0].id}`);
    const tag = await accept('createTag', 'POST', '/tags', { name: 'Migrated' });
    await accept('listTags', 'GET', '/tags');
    await accept('findTag', 'GET', `/tags/${tag.id}`);
    await accept('lisDataAttributes', 'GET', '/data_attributes?model=contact');
    const attribute = await accept('createDataAttribute', 'POST', '/data_attributes', { name: 'khoros_id', model: 'contact', data_type: 'string', description: 'Khoros customer id' });
    await accept('updateDataAttribute', 'PUT', `/data_attributes/${attribute.id}`, { description: 'The Khoros id' });
    await accept('listHelpCenters', 'GET', '/help_center/help_centers');
    await accept('retrieveHelpCenter', 'GET', '/help_center/help_centers/81');
    // Contacts.
    const contact = await accept('CreateContact', 'POST', '/contacts', { role: 'user', external_id: 'khoros-1', email: 'k1@example.com', name: 'K One', custom_attributes: { khoros_id: 'c-1' } });
    await accept('ShowContact', 'GET', `/contacts/${contact.id}`);
    await accept('UpdateContact', 'PUT', `/contacts/${contact.id}`, { name: 'K. One' });
    await accept('ListContacts', 'GET', '/contacts');
    await accept('SearchContacts', 'POST', '/contacts/search', { query: { field: 'external_id', operator: '=', value: 'khoros-1' }, pagination: { per_page: 5 } });
    await accept('attachTagToContact', 'POST', `/contacts/${contact.id}/tags`, { id: tag.id });
    await accept('listTagsForAContact', 'GET', `/contacts/${contact.id}/tags`);
    // Conversation attributes.
    await accept('listConversationAttributes', 'GET', '/conversations/attributes');
    const convAttr = await accept('createConversationAttribute', 'POST', '/conversations/attributes', { name: 'khoros_case', data_type: 'string', description: 'Case id' });
    await accept('getConversationAttribute', 'GET', `/conversations/attributes/${convAttr.id}`);
    await accept('updateConversationAttribute', 'PUT', `/conversations/attributes/${convAttr.id}`, { description: 'Khoros case id' });
    const list = await accept('createConversationAttribute', 'POST', '/conversations/attributes', { name: 'khoros_queue', data_type: 'list', options: [{ label: 'Tier 1' }, { label: 'Tier 2' }] });
    const withOption = await accept('createConversationAttributeOption', 'POST', `/conversations/attributes/${list.id}/options`, { label: 'Tier 3' });
    await accept('updateConversationAttributeOption', 'PUT', `/conversations/attributes/${list.id}/options/${withOption.options[2].id}`, { label: 'Tier 3b' });
    await accept('deleteConversationAttributeOption', 'DELETE', `/conversations/attributes/${list.id}/options/${withOption.options[2].id}`);
    // Conversations, replies, parts, tags, search.
    const message = await accept('createConversation', 'POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'My order is late', created_at: 1_600_000_000 });
    const id = message.conversation_id;
    await accept('replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: ANN, body: 'Any news?', created_at: 1_600_000_100 });
    await accept('replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', email: 'ann@example.com', body: 'Hello?', created_at: 1_600_000_150 });
    await accept('replyConversation', 'POST', `/conversations/${id}/reply`, {
      message_type: 'comment', type: 'admin', admin_id: CIARA, body: '<p>Shipped <b>today</b></p>', created_at: 1_600_000_200,
      attachment_files: [{ content_type: 'image/png', data: PNG_1X1, name: 'label.png' }],
    });
    await accept('replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'note', type: 'admin', admin_id: TOMAS, body: 'Internal', created_at: 1_600_000_250 });
    await accept('manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'admin', admin_id: CIARA, assignee_id: TOMAS });
    await accept('manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'team', admin_id: CIARA, assignee_id: TEAM, body: 'Passing on' });
    await accept('manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'close', type: 'admin', admin_id: CIARA, body: 'Resolved' });
    await accept('manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'open', admin_id: CIARA });
    await accept('manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id: CIARA, snoozed_until: Math.floor(Date.now() / 1000) + 3600 });
    await accept('updateConversation', 'PUT', `/conversations/${id}`, { read: true, title: 'Late order', custom_attributes: { issue_type: 'Shipping', khoros_case_number: 1001, khoros_case: 'C-1' } });
    await accept('attachTagToConversation', 'POST', `/conversations/${id}/tags`, { id: tag.id, admin_id: CIARA });
    await accept('retrieveConversation', 'GET', `/conversations/${id}`);
    await accept('retrieveConversation', 'GET', `/conversations/${id}?display_as=plaintext`);
    await accept('detachTagFromConversation', 'DELETE', `/conversations/${id}/tags/${tag.id}`, { admin_id: CIARA });
    const second = (await accept('createConversation', 'POST', '/conversations', { from: { type: 'lead', id: BOB }, body: 'Second' })).conversation_id;
    await accept('listConversations', 'GET', '/conversations?per_page=1');
    await accept('searchConversations', 'POST', '/conversations/search', {
      query: { operator: 'AND', value: [{ operator: 'OR', value: [{ field: 'contact_ids', operator: '=', value: ANN }, { field: 'contact_ids', operator: '=', value: BOB }] }, { operator: 'OR', value: [{ field: 'created_at', operator: '>', value: 1 }, { field: 'open', operator: '=', value: true }] }] },
      pagination: { per_page: 1 },
    });
    await accept('deleteConversation', 'DELETE', `/conversations/${second}`);
    await accept('deleteConversationAttribute', 'DELETE', `/conversations/attributes/${convAttr.id}`);
    // Help center content.
    const collection = await accept('createCollection', 'POST', '/help_center/collections', { name: 'Orders', description: 'All about orders', help_center_id: 82, translated_content: { fr: { name: 'Commandes' } } });
    const section = await accept('createCollection', 'POST', '/help_center/collections', { name: 'Returns', parent_id: collection.id });
    await accept('retrieveCollection', 'GET', `/help_center/collections/${collection.id}`);
    await accept('updateCollection', 'PUT', `/help_center/collections/${section.id}`, { description: 'Send it back' });
    await accept('listAllCollections', 'GET', '/help_center/collections?page=1&per_page=5');
    const article = await accept('createArticle', 'POST', '/articles', {
      title: 'Where is my order?', description: 'Tracking', body: '<p>Track it <a href="https://x.test">here</a></p>', author_id: Number(CIARA), state: 'published',
      parent_id: Number(section.id), parent_type: 'section', translated_content: { fr: { title: 'Où est ma commande ?', body: 'Suivez-la', author_id: Number(TOMAS), state: 'draft' } },
    });
    await accept('retrieveArticle', 'GET', `/articles/${article.id}`);
    await accept('updateArticle', 'PUT', `/articles/${article.id}`, { title: 'Where is my order', state: 'draft' });
    await accept('listArticles', 'GET', '/articles?page=1&per_page=5');
    await accept('listArticles', 'GET', '/articles?page=99');
    await accept('deleteArticle', 'DELETE', `/articles/${article.id}`);
    await accept('deleteCollection', 'DELETE', `/help_center/collections/${collection.id}`);
    const internal = await accept('createInternalArticle', 'POST', '/internal_articles', { title: 'Refund runbook', body: 'Steps', owner_id: Number(CIARA), author_id: Number(CIARA) });
    await accept('retrieveInternalArticle', 'GET', `/internal_articles/${internal.id}`);
    await accept('updateInternalArticle', 'PUT', `/internal_articles/${internal.id}`, { title: 'Refunds' });
    await accept('listInternalArticles', 'GET', '/internal_articles');
    await accept('deleteInternalArticle', 'DELETE', `/internal_articles/${internal.id}`);
    await accept('DeleteContact', 'DELETE', `/contacts/${contact.id}`);
    expect(check.failures, check.failures.join('\n')).to.deep.equal([]);
    expect(check.counts.accepted).to.be.greaterThan(60);
  });

  const refuseDerived = async (cases: [string, string, string, Record<string, unknown>][]) => {
    for (const [op, method, path, base] of cases) {
      for (const { why, body } of invalidBodies(description, op, base)) await check.refuse(op, method, path, body, why);
    }
  };
  const refuseListed = async (cases: [string, string, string, unknown, string][]) => {
    for (const [op, method, path, body, why] of cases) await check.refuse(op, method, path, body, why);
  };

  it('refuses what the description forbids on the conversation and help-center routes: missing required fields, wrong types, unknown enum values', async () => {
    check.failures.length = 0;
    const id = (await check.accept('createConversation', 'POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'Base' })).conversation_id;
    const attribute = await check.accept('createConversationAttribute', 'POST', '/conversations/attributes', { name: 'refusal_base', data_type: 'string' });
    const article = await check.accept('createArticle', 'POST', '/articles', { title: 'Base', author_id: Number(CIARA) });
    const collection = await check.accept('createCollection', 'POST', '/help_center/collections', { name: 'Base' });
    const internal = await check.accept('createInternalArticle', 'POST', '/internal_articles', { title: 'Base', owner_id: Number(CIARA), author_id: Number(CIARA) });
    const before = check.counts.refused;
    await refuseDerived([
      ['createConversation', 'POST', '/conversations', { from: { type: 'user', id: ANN }, body: 'Hi', subject: 's', attachment_urls: [], created_at: 1 }],
      ['updateConversation', 'PUT', `/conversations/${id}`, { read: true, title: 't', company_id: 'c' }],
      ['searchConversations', 'POST', '/conversations/search', { query: { field: 'open', operator: '=', value: true }, pagination: { per_page: 5 } }],
      ['attachTagToConversation', 'POST', `/conversations/${id}/tags`, { id: '101', admin_id: CIARA }],
      ['detachTagFromConversation', 'DELETE', `/conversations/${id}/tags/101`, { admin_id: CIARA }],
      ['updateConversationAttribute', 'PUT', `/conversations/attributes/${attribute.id}`, { name: 'refusal_base', description: 'd', required: false, visible_to_team_ids: [] }],
      ['createArticle', 'POST', '/articles', { title: 'T', description: 'd', body: 'b', author_id: Number(CIARA), state: 'draft', parent_type: 'collection' }],
      ['updateArticle', 'PUT', `/articles/${article.id}`, { title: 'T', state: 'published' }],
      ['createCollection', 'POST', '/help_center/collections', { name: 'N', description: 'd', parent_id: collection.id, help_center_id: 81 }],
      ['updateCollection', 'PUT', `/help_center/collections/${collection.id}`, { name: 'N', description: 'd' }],
      ['createInternalArticle', 'POST', '/internal_articles', { title: 'T', body: 'b', owner_id: Number(CIARA), author_id: Number(CIARA) }],
      ['updateInternalArticle', 'PUT', `/internal_articles/${internal.id}`, { title: 'T' }],
    ]);
    // Unions (oneOf) are refused case by case.
    await refuseListed([
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', body: 'x' }, 'admin reply without admin_id'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', body: 'x' }, 'contact reply without a contact identifier'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'user', intercom_user_id: ANN }, 'contact reply without body'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'shout', type: 'admin', admin_id: CIARA, body: 'x' }, 'unknown message_type'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'bot', admin_id: CIARA, body: 'x' }, 'unknown type'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'x', created_at: 'yesterday' }, 'created_at not an integer'],
      ['replyConversation', 'POST', `/conversations/${id}/reply`, { message_type: 'comment', type: 'admin', admin_id: CIARA, body: 'x', attachment_urls: Array(11).fill('https://x.test/a.png') }, 'more than 10 attachment_urls'],
      ['manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'close', admin_id: CIARA }, 'close without type'],
      ['manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'snoozed', admin_id: CIARA }, 'snooze without snoozed_until'],
      ['manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'admin', admin_id: CIARA }, 'assignment without assignee_id'],
      ['manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'assignment', type: 'group', admin_id: CIARA, assignee_id: '1' }, 'assignment to an unknown type'],
      ['manageConversation', 'POST', `/conversations/${id}/parts`, { message_type: 'open' }, 'open without admin_id'],
      ['createConversationAttribute', 'POST', '/conversations/attributes', { name: 'x_attr', data_type: 'invalid_type' }, 'unknown data_type'],
      ['createConversationAttribute', 'POST', '/conversations/attributes', { data_type: 'string' }, 'missing name'],
      ['createConversationAttribute', 'POST', '/conversations/attributes', { name: 'y_attr', data_type: 'string', required: 'yes' }, 'required not a boolean'],
      ['createConversationAttributeOption', 'POST', '/conversations/attributes/3/options', {}, 'option without label'],
    ]);
    expect(check.failures, check.failures.join('\n')).to.deep.equal([]);
    expect(check.counts.refused - before).to.be.greaterThan(70);
  });

  it('refuses what the description forbids on the core routes (contacts, data attributes, tags)', async () => {
    check.failures.length = 0;
    await refuseDerived([
      ['createDataAttribute', 'POST', '/data_attributes', { name: 'refusal_attr', model: 'contact', data_type: 'string', description: 'd' }],
      ['UpdateContact', 'PUT', `/contacts/${ANN}`, { name: 'Ann', role: 'user', signed_up_at: 1 }],
      ['attachTagToContact', 'POST', `/contacts/${ANN}/tags`, { id: '101' }],
    ]);
    await refuseListed([
      ['CreateContact', 'POST', '/contacts', { role: 'user', email: 'x@example.com', signed_up_at: 'today' }, 'signed_up_at not an integer'],
      ['SearchContacts', 'POST', '/contacts/search', { query: { field: 'email', operator: 'LIKE', value: 'x' } }, 'unknown operator'],
    ]);
    expect(check.failures, check.failures.join('\n')).to.deep.equal([]);
  });
});
