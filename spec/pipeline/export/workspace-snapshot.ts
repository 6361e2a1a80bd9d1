/**
 * Spec helper: everything an export leaves in a workspace that must not depend on how
 * often it was interrupted: every raw table's keys and payloads, the quarantine, the
 * checkpoints' final states, the files and the refused downloads.
 */
import { openWorkspace } from '../../../pipeline/workspace/open-workspace.ts';

/** A comparable snapshot: table name → sorted lines. */
export async function workspaceSnapshot(path: string): Promise<Record<string, string[]>> {
  const workspace = await openWorkspace(path, { stage: 'spec' });
  try {
    const tables = await workspace.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_name LIKE 'raw\\_%' ESCAPE '\\' ORDER BY 1");
    const snapshot: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = await workspace.query<{ key: string; payload: unknown }>(`SELECT key, payload FROM ${name} ORDER BY key`);
      snapshot[name] = rows.map((r) => `${r.key}\t${JSON.stringify(r.payload)}`);
    }
    const lines = async (sql: string) => (await workspace.query<Record<string, unknown>>(sql)).map((r) => JSON.stringify(r));
    snapshot.quarantine = await lines('SELECT family, key, reason FROM quarantine ORDER BY ALL');
    // A finished conversations stream keeps its watermark (the time the run began): it differs between runs by nature.
    snapshot.checkpoints = (await workspace.query<{ stream: string; family: string; state: Record<string, unknown> }>('SELECT stream, family, state FROM checkpoints ORDER BY stream'))
      .map(({ stream, family, state }) => JSON.stringify({ stream, family, state: family === 'conversations' ? { ...state, start: undefined } : state }));
    snapshot.files = await lines('SELECT sha256, owner_family, owner_key, size, content_type, source_url FROM files ORDER BY ALL');
    snapshot.refused = await lines('SELECT url, owner_family, owner_key, reason FROM refused_downloads ORDER BY ALL');
    return snapshot;
  } finally {
    await workspace.close();
  }
}
