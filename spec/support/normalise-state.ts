/**
 * Two Intercom simulator states made comparable: what a migration wrote, without what
 * legitimately differs between two runs that wrote the same thing (the spec of a killed and
 * rerun import, and of a migration run again after a rollback, compare with a reference).
 */
type State = Record<string, Record<string, any>[]>;
type Obj = Record<string, any>;

/**
 * The simulator's state without what legitimately differs between two runs: ids the simulator
 * assigns (contacts are named by external id or email, tags by name), times stamped with the
 * clock during the run (anything at or after `since`), and the order of id-keyed lists.
 * Help Center collections are named by their path of names (`Billing / Invoices`), and so
 * are the parents of articles.
 *
 * @example
 * expect(normalise(await simState(again), 'khoros_case_id', since)).to.deep.equal(normalise(await simState(fresh), 'khoros_case_id', since));
 */
export function normalise(state: State, caseAttribute: string, since: number) {
  const contactName = new Map<string, string>();
  for (const c of state.contacts) contactName.set(String(c.id), c.external_id ? `ext:${c.external_id}` : `email:${c.email ?? ''}/${c.role}`);
  const tagName = new Map<string, string>(state.tags.map((t) => [String(t.id), t.name]));
  const time = (t: unknown) => (typeof t === 'number' && t >= since ? 'now' : t);
  const author = (a: Obj | undefined) => (!a ? null : a.type === 'admin' || a.type === 'bot' ? `${a.type}:${a.id}` : `${a.type}:${contactName.get(String(a.id)) ?? a.id}`);
  const collectionById = new Map((state.collections ?? []).map((c) => [String(c.id), c]));
  const collectionPath = (id: unknown): unknown => {
    const names: string[] = [];
    for (let c = collectionById.get(String(id)), n = 0; c && n < 50; c = collectionById.get(String(c.parent_id)), n += 1) names.unshift(String(c.name));
    return names.length ? names.join(' / ') : id ?? null;
  };
  const byKey = <T extends { key: string }>(list: T[]) => list.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  const contacts = byKey(state.contacts.map((c) => {
    const { id: _id, created_at, updated_at, last_seen_at: _seen, tags, notes: _notes, companies: _companies, ...fields } = c;
    return {
      // Sub-resource URLs name the contact's id, which the simulator assigns in creation order (records are written side by side).
      key: contactName.get(String(c.id))!, ...JSON.parse(JSON.stringify(fields).replaceAll(String(c.id), 'SELF')), created_at: time(created_at), updated_at: time(updated_at),
      tags: (tags?.data ?? []).map((t: Obj) => tagName.get(String(t.id)) ?? t.id).sort(),
    };
  }));
  const conversations = byKey(state.conversations.map((c) => {
    const parts = (c.conversation_parts?.conversation_parts ?? []).map((p: Obj) => ({
      type: p.part_type, author: author(p.author), body: p.body ?? null, created_at: time(p.created_at),
      attachments: (p.attachments ?? []).map((a: Obj) => a.name),
    }));
    const key = c.custom_attributes?.[caseAttribute] ?? `contact:${(c.contacts?.contacts ?? []).map((x: Obj) => contactName.get(String(x.id))).join(',')}@${c.created_at}`;
    return {
      key: String(key), created_at: time(c.created_at), state: c.state, open: c.open, admin_assignee_id: c.admin_assignee_id ?? null,
      contacts: (c.contacts?.contacts ?? []).map((x: Obj) => contactName.get(String(x.id)) ?? x.id).sort(),
      custom_attributes: c.custom_attributes ?? {},
      tags: (c.tags?.tags ?? []).map((t: Obj) => tagName.get(String(t.id)) ?? t.id).sort(),
      parts,
    };
  }));
  // Articles by kind and title; URLs of files the simulator hosts carry ids of its own, and so do article URLs (`/articles/<id>-<slug>`).
  const hosted = (text: unknown) => (typeof text === 'string'
    ? text.replace(/https?:\/\/(127\.0\.0\.1|localhost):\d+\/[^"'\s)]*/g, 'HOSTED').replace(/(\/articles\/)\d+-/g, '$1ID-') : text);
  const articles = byKey([...state.articles.map((a) => ({ kind: 'article', a })), ...(state.internal_articles ?? []).map((a) => ({ kind: 'internal', a }))].map(({ kind, a }) => ({
    key: `${kind}:${a.title}:${String(hosted(a.body))}`, body: hosted(a.body), state: a.state ?? null, parent_id: collectionPath(a.parent_id), parent_ids: Array.isArray(a.parent_ids) ? a.parent_ids.map(collectionPath) : a.parent_ids ?? null,
    translated_content: String(hosted(JSON.stringify(a.translated_content ?? null))).replace(/"(created_at|updated_at)":\d+/g, '"$1":"run"'),
  })));
  const collections = (state.collections ?? []).map((c) => ({ path: collectionPath(c.id), description: c.description ?? null, help_center_id: c.help_center_id ?? null }))
    .sort((x, y) => (String(x.path) < String(y.path) ? -1 : String(x.path) > String(y.path) ? 1 : 0));
  return { contacts, conversations, articles, collections, tags: state.tags.map((t) => t.name).sort() };
}
