/**
 * The chaos suite at CI size: the `tiny` dataset through the CLI at one demanding fault level
 * (every fault kind at 3 % on both simulators, 429 storms, 200 ms slow answers: the suite's
 * second level; at 10 % a tiny migration alone takes 3–5 minutes here), SIGKILLed twice
 * and rerun to the end, then `verify --full`, no duplicates, every record against the
 * dataset. `npm run chaos` runs the rising levels on `medium`.
 */
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '../../simulators/dataset/generate-dataset.ts';
import { levelFaults } from './chaos-levels.ts';
import type { ChaosStateCheck } from './check-chaos-state.ts';
import { findDuplicates } from './find-duplicates.ts';
import { killWindowsFor } from './kill-windows.ts';
import { runChaosLevel } from './run-chaos-level.ts';

/** An Intercom API call that tries again through the level's faults (5xx, resets, storms). */
async function call(ready: { intercom: { url: string; token: string } }, method: string, path: string, body?: unknown): Promise<any> {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const res = await fetch(`${ready.intercom.url}${path}`, {
        method, headers: { authorization: `Bearer ${ready.intercom.token}`, 'intercom-version': '2.16', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status < 429) return await res.json();
    } catch {
      // a reset: try again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${method} ${path}: no answer through the faults`);
}

describe('chaos suite (CI size): tiny, every fault at 3 %, SIGKILLed twice', function () {
  this.timeout(240_000);
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'k2i-chaos-spec-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('finds every kind of record written twice, and nothing in a state without doubles', () => {
    const clean = {
      contacts: [{ id: '1', external_id: 'c1', email: 'a@x.example' }, { id: '2', external_id: 'c2', email: 'b@x.example' }],
      conversations: [{ id: '9', custom_attributes: { case_id: 'L-1' }, conversation_parts: { conversation_parts: [
        { part_type: 'comment', author: { id: '5' }, created_at: 100, body: '<p>hi</p>' }, { part_type: 'comment', author: { id: '5' }, created_at: 100, body: '<p>hi again</p>' }] } }],
      articles: [{ title: 'Reset a password' }, { title: 'Same title twice in Khoros' }, { title: 'Same title twice in Khoros' }],
    };
    const baseline = { before: { contacts: [] }, sourceTitles: new Map([['Same title twice in Khoros', 2]]) };
    expect(findDuplicates(clean, ['case_id'], baseline)).to.deep.equal([]);
    const doubled = structuredClone(clean);
    doubled.contacts.push({ id: '3', external_id: 'c1', email: 'c@x.example' }, { id: '4', external_id: 'c4', email: 'B@X.example' });
    doubled.conversations.push({ id: '10', custom_attributes: { case_id: 'L-1' }, conversation_parts: { conversation_parts: [] } });
    doubled.conversations[0].conversation_parts.conversation_parts.push({ part_type: 'comment', author: { id: '5' }, created_at: 100, body: '<p>hi</p>' });
    doubled.articles.push({ title: 'Reset a password' });
    expect(findDuplicates(doubled, ['case_id'], baseline)).to.deep.equal([
      'contact external_id=c1: 2 in Intercom',
      'contact email=b@x.example: 2 in Intercom',
      'conversation case_id=L-1: 2 in Intercom',
      'article title=Reset a password: 2 in Intercom',
      'conversation 9 part ["comment","5",100,"<p>hi</p>",[]]: 2 in Intercom',
    ]);
  });

  it('migrates through the faults and the kills to a verified Intercom with every record exactly once, and its check fails once a record is lost or doubled', async () => {
    const scale = 'tiny';
    const dataset = generateDataset({ seed: 1, scale });
    let broken: ChaosStateCheck | undefined;
    const started = Date.now();
    const result = await runChaosLevel({
      level: { name: '3%', share: 0.03, faults: levelFaults(0.03, 7, 200) }, dataset, scale, kills: 2, killSeed: 11,
      killWindows: killWindowsFor(scale), maxAttempts: 8, dir: join(dir, 'level'),
      log: (line) => process.stderr.write(`${line}\n`),
      // Break the migrated state as a faulty pipeline would: a contact lost, an article and a reply written twice.
      afterCheck: async ({ ready, check }) => {
        const state = await (await fetch(`${ready.intercom.inspect}/state`)).json() as Record<string, any[]>;
        const contact = state.contacts.find((c) => dataset.khoros.customers.some((k) => String(k.id) === c.external_id))!;
        await call(ready, 'DELETE', `/contacts/${contact.id}`);
        const article = state.articles.find((a) => a.title)!;
        await call(ready, 'POST', '/articles', { title: article.title, author_id: Number(article.author_id), state: 'draft' });
        const conversation = state.conversations.find((c) => c.conversation_parts.conversation_parts.some((p: any) => p.part_type === 'comment' && p.author.type === 'admin'))!;
        const part = conversation.conversation_parts.conversation_parts.find((p: any) => p.part_type === 'comment' && p.author.type === 'admin');
        await call(ready, 'POST', `/conversations/${conversation.id}/reply`, { message_type: 'comment', type: 'admin', admin_id: part.author.id, body: part.body, created_at: part.created_at });
        broken = await check();
      },
    });
    process.stderr.write(`    chaos tiny: ${Math.round((Date.now() - started) / 1000)} s, ${JSON.stringify(result.attempts)}\n`);
    expect(result.reason).to.equal(undefined);
    expect(result.survived).to.equal(true);
    expect(result.kills, 'SIGKILLs that landed').to.be.at.least(2);
    expect(result.duplicates).to.deep.equal([]);
    expect(result.problems).to.deep.equal([]);
    expect(result.checked!.contacts + result.checked!.quarantinedContacts).to.equal(dataset.khoros.customers.length);
    expect(result.checked!.conversations + result.checked!.quarantinedConversations).to.equal(dataset.khoros.cases.length + (dataset.khoros.conversations ?? []).length);
    expect(broken!.problems.some((p) => /^customer .*: 0 contacts in Intercom/.test(p)), broken!.problems.join('\n')).to.equal(true);
    expect(broken!.duplicates.some((d) => d.startsWith('article title=')), broken!.duplicates.join('\n')).to.equal(true);
    expect(broken!.duplicates.some((d) => /^conversation \d+ part /.test(d)), broken!.duplicates.join('\n')).to.equal(true);
  });
});
