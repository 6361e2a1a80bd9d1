/**
 * Looks for secrets in everything a run left behind: process output, files (as raw bytes),
 * every table and view of a DuckDB file (dumped through DuckDB, since the file itself may
 * hold strings compressed), and request logs. Each secret is looked for in the forms it
 * takes on the way out (plain, URL- and form-encoded, JSON-escaped, base64, the Basic
 * header's base64 of `user:password`, and a long prefix, which catches a secret cut short
 * by an excerpt), and the scan counts what it read, so a spec can show it did not pass on
 * nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** One form of one secret: the bytes to look for. */
export interface SecretForm {
  /** Which secret, e.g. `intercom token`. */
  name: string;
  /** Which form, e.g. `base64 user:password`. */
  form: string;
  needle: string;
}

/** Where a form of a secret was found, with the text around it (the secret masked). */
export interface SecretFinding {
  where: string;
  name: string;
  form: string;
  around: string;
}

/** How much the scan read, per kind of output. */
export interface ScanCounts {
  texts: number;
  textChars: number;
  files: number;
  fileBytes: number;
  databases: number;
  relations: number;
  rows: number;
  /** Relations DuckDB could not dump (a view whose query fails), with the error. */
  unreadable: string[];
}

/** Shortest prefix looked for: shorter ones could occur by chance. */
const PREFIX_CHARS = 16;

/**
 * The forms a secret takes on the way out. `basicUser` adds the base64 of
 * `basicUser:secret`, as an HTTP Basic header carries a password.
 *
 * @example
 * formsToScan('khoros password', '0123456789abcdef "pass/word" 0123456789', 'api-user').map((f) => f.form);
 * // ['plain', 'url-encoded', 'form-encoded', 'json-escaped', 'base64', 'prefix', 'base64 user:password']
 * // (a form equal to another is left out: base64url is base64 here)
 */
export function formsToScan(name: string, secret: string, basicUser?: string): SecretForm[] {
  if (secret.length < PREFIX_CHARS * 2) throw new Error(`${name}: a secret to scan for needs at least ${PREFIX_CHARS * 2} characters`);
  const forms: [string, string][] = [
    ['plain', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['json-escaped', JSON.stringify(secret).slice(1, -1)],
    ['base64', Buffer.from(secret).toString('base64')],
    ['base64url', Buffer.from(secret).toString('base64url')],
    ['prefix', secret.slice(0, PREFIX_CHARS)],
  ];
  if (basicUser !== undefined) forms.push(['base64 user:password', Buffer.from(`${basicUser}:${secret}`).toString('base64')]);
  const seen = new Set<string>();
  return forms.filter(([, needle]) => !seen.has(needle) && seen.add(needle)).map(([form, needle]) => ({ name, form, needle }));
}

/** Collects findings over many outputs. */
export interface SecretScan {
  readonly findings: SecretFinding[];
  readonly counts: ScanCounts;
  /** Scans one text (a process's stderr, a log). */
  text(where: string, text: string): void;
  /** Scans every file under `dir`, recursively, as raw bytes; answers the paths read (relative to `dir`). */
  folder(dir: string, options?: { skip?: (path: string) => boolean }): Promise<string[]>;
  /** Dumps every table and view of a DuckDB file and scans each value. */
  duckdb(path: string): Promise<void>;
}

/**
 * Creates a scan for `forms` (see `formsToScan`).
 *
 * @example
 * const scan = createSecretScan(formsToScan('token', token));
 * scan.text('stderr of verify', stderr);
 * await scan.folder(outDir);
 * expect(scan.findings).to.deep.equal([]);
 */
export function createSecretScan(forms: readonly SecretForm[]): SecretScan {
  const findings: SecretFinding[] = [];
  const counts: ScanCounts = { texts: 0, textChars: 0, files: 0, fileBytes: 0, databases: 0, relations: 0, rows: 0, unreadable: [] };
  const needles = forms.map((f) => ({ ...f, bytes: Buffer.from(f.needle) }));

  const searchBuffer = (where: string, data: Buffer) => {
    for (const n of needles) {
      const at = data.indexOf(n.bytes);
      if (at < 0) continue;
      const around = data.subarray(Math.max(0, at - 60), at + n.bytes.length + 60).toString('latin1').split(n.needle).join(`<${n.name}>`);
      findings.push({ where, name: n.name, form: n.form, around: around.replace(/[^\x20-\x7e]/g, '.') });
    }
  };
  const text = (where: string, value: string) => {
    counts.texts += 1;
    counts.textChars += value.length;
    searchBuffer(where, Buffer.from(value));
  };

  const folder = async (dir: string, options: { skip?: (path: string) => boolean } = {}): Promise<string[]> => {
    const read: string[] = [];
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      if (options.skip?.(path)) continue;
      const data = await readFile(path);
      counts.files += 1;
      counts.fileBytes += data.length;
      read.push(relative(dir, path));
      searchBuffer(`file ${relative(dir, path)}`, data);
    }
    return read.sort();
  };

  const duckdb = async (path: string) => {
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      const relations = (await connection.runAndReadAll(
        `SELECT schema_name, table_name AS name FROM duckdb_tables() WHERE database_name = current_database()
         UNION ALL SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database()
         ORDER BY 1, 2`,
      )).getRowObjectsJson() as { schema_name: string; name: string }[];
      counts.databases += 1;
      for (const { schema_name: schema, name } of relations) {
        const reader = await connection.runAndReadAll(`SELECT * FROM "${schema}"."${name}"`).catch((error: Error) => {
          counts.unreadable.push(`${schema}.${name}: ${error.message.slice(0, 200)}`);
          return undefined;
        });
        if (!reader) continue;
        counts.relations += 1;
        const rows = reader.getRowsJson();
        counts.rows += rows.length;
        // Strings as they are (a JSON dump would escape quotes), everything else as JSON.
        const dump = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? cell : JSON.stringify(cell))).join('\t')).join('\n');
        searchBuffer(`duckdb ${path} ${schema}.${name}`, Buffer.from(dump));
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  };

  return { findings, counts, text, folder, duckdb };
}
