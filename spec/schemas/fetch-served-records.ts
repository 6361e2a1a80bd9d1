/**
 * Fetches every record family the Khoros simulator serves, through plain `fetch` with the
 * simulator's credentials, following each API's own paging: CRM cursors, Care
 * `nextPageUrl`, Marketing pages, LiQL cursors and Analytics report jobs.
 */
import type { KhorosSimulator } from '../../simulators/khoros/server.ts';

/** Family (as `SourcePage.family`) → the records as served. */
export type ServedRecords = Record<string, unknown[]>;

/**
 * Fetches all families. The simulator should run with `analyticsJobMs: 0` and a wide
 * `analyticsMaxWindowMs`, so that one report job covers the whole dataset.
 *
 * @example
 * const served = await fetchServedRecords(sim, Date.parse('2030-01-01'));
 */
export async function fetchServedRecords(sim: KhorosSimulator, until: number): Promise<ServedRecords> {
  const { username, password, companyKey, marketingToken, environment, companyId } = sim.settings;
  const basic = { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  const get = async (url: string, headers: Record<string, string> = basic, method = 'GET'): Promise<any> => {
    const res = await fetch(url, { method, headers });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { crm, care, analytics, marketing, community } = sim.urls;

  const crmAll = async (path: string, key: string) => {
    const items: unknown[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const body: any = await get(`${crm}${path}${cursor ? `&cursor=${cursor}` : ''}`);
      items.push(...body[key]);
      cursor = body.nextCursor;
    }
    return items;
  };
  const authors: unknown[] = [];
  for (let url: string | null = `${care}/api/v2/authors?include_deleted_crm=true`; url; ) {
    const body: any = await get(url);
    authors.push(...body.data.personList);
    url = body.data.nextPageUrl;
  }

  const report = async (exportId: string) => {
    const created = await get(`${analytics}/api/public/reports/report/${exportId}?companyKey=${companyKey}&startTime=0&endTime=${until}&reportFormat=json&conversationReportType=CREATED`, basic, 'POST');
    const status = await get(created.result.statusUrl);
    return (await get(status.result.jobInfo.downloadUrl, {})) as unknown[];
  };
  const conversationRows = await report('conversation');
  const conversations = [];
  for (const row of conversationRows as { conversationId: string }[]) {
    conversations.push(...(await get(`${care}/api/v2/conversations/${encodeURIComponent(row.conversationId)}`)).data);
  }

  const bearer = { authorization: `Bearer ${marketingToken}` };
  const company = `${marketing}/${environment}/v1/company/${companyId}`;
  const initiatives = (await get(`${company}/initiative?pageSize=1000`, bearer)).data as { id: string }[];
  const campaigns = [];
  for (const i of initiatives) campaigns.push(...(await get(`${company}/initiative/${i.id}/plan?pageSize=1000`, bearer)).data);

  const login = await get(`${community}/restapi/vc/authentication/sessions/login?restapi.response_format=json&user.login=${username}&user.password=${password}`, {}, 'POST');
  const session = { 'li-api-session-key': login.response.value.$ };
  const liql = async (query: string) => {
    const items: unknown[] = [];
    for (let cursor: string | undefined = ''; cursor !== undefined; ) {
      const q = `${query} LIMIT 1000${cursor ? ` CURSOR '${cursor}'` : ''}`;
      const body: any = await get(`${community}/api/2.0/search?q=${encodeURIComponent(q)}`, session);
      items.push(...body.data.items);
      cursor = body.data.next_cursor;
    }
    return items;
  };

  const data = async (path: string) => (await get(`${care}${path}`)).data as unknown[];
  return {
    customers: await crmAll('/customers?limit=1000', 'customers'),
    cases: await crmAll('/cases?limit=100', 'cases'),
    custom_fields: [await get(`${crm}/meta/object/customer`), await get(`${crm}/meta/object/case`)],
    authors,
    agents: (await get(`${care}/api/v2/agents`)).data.agents,
    teams: (await get(`${analytics}/api/public/teams?companyKey=${companyKey}`)).result,
    brands: await data('/api/v2/brands'),
    initiatives,
    campaigns,
    conversations,
    kb_articles: await liql("SELECT * FROM messages WHERE conversation.style = 'tkb'"),
    kb_categories: await liql('SELECT * FROM categories'),
    kb_boards: await liql('SELECT * FROM boards'),
    kb_images: await liql('SELECT * FROM images'),
    work_queues: await data('/api/v1/workqueues'),
    tags: await data('/api/v2/tags'),
    automation_rules: await data('/api/v2/automation/rules'),
    slas: await data('/api/v2/slas'),
    analytics_conversations: conversationRows,
    analytics_authors: await report('author'),
    analytics_agents: await report('raw_agent_states'),
  };
}
