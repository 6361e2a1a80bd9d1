/**
 * `map confirm`: a person has reviewed the field map; check it (schema first, then
 * meaning against the staged source and the Intercom workspace) and record it in the
 * workspace as the next confirmed version, with the hash of the file's bytes and the shape
 * of the source it was checked against. Import runs only under a confirmed version that
 * still matches both (`require-confirmed-map.ts`).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigError, MappingError } from '../errors.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { checkMapMeaning, type IntercomCatalog, type Problem } from './check-map-meaning.ts';
import { recordMapVersion, type ConfirmedMapVersion } from './mapping-versions.ts';
import { profileHash, profileShape, profileSource } from './profile-source.ts';
import { parseMapping } from './read-mapping.ts';
import type { SourceProfile } from './source-profile.ts';

/** Options of `confirmMap`. */
export interface ConfirmMapOptions {
  workspace: Workspace;
  /** The YAML file to confirm. */
  mappingPath: string;
  /** The Intercom workspace's attributes, admins and brands (`readIntercomCatalog`). */
  intercom: IntercomCatalog;
  /** The staged source's profile. @default profileSource(workspace) */
  profile?: SourceProfile;
  /** Who confirms. @default the OS user */
  by?: string;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * Confirms a map: refuses with every problem, or records and returns the new version.
 *
 * @example
 * const version = await confirmMap({ workspace, mappingPath: 'mapping.yaml', intercom: await readIntercomCatalog(config.intercom) });
 * console.log(`confirmed version ${version.version} (${version.fileSha256})`);
 */
export async function confirmMap(options: ConfirmMapOptions): Promise<ConfirmedMapVersion> {
  const { workspace, mappingPath } = options;
  // One read: what is checked, hashed and recorded are the same bytes.
  const bytes = await readBytes(mappingPath);
  const text = bytes.toString('utf8');
  const mapping = parseMapping(text, mappingPath);
  const profile = options.profile ?? await profileSource(workspace);
  const problems = checkMapMeaning(mapping, { profile, intercom: options.intercom });
  if (problems.length) {
    const lines = withLines(problems, text);
    throw new MappingError('mapping_invalid',
      `${mappingPath} cannot be confirmed: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${lines.map((l) => `- ${l}`).join('\n')}\n` +
      'Fix them in the file and run map confirm again.', lines);
  }
  return recordMapVersion(workspace, {
    filePath: resolve(mappingPath), fileSha256: sha256(bytes), mapping, profileHash: profileHash(profile), profileShape: profileShape(profile),
    confirmedAt: (options.now ?? (() => new Date()))(), confirmedBy: options.by ?? osUser(), runId: workspace.runId,
  });
}

/** Each problem's message with the line its YAML path starts on: `objects.cases.fields[2].target (line 41): ...`. */
function withLines(problems: readonly Problem[], text: string): string[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return problems.map((p) => {
    let node: unknown = doc.contents;
    for (const key of p.path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
      if (isMap(node)) node = node.get(key, true);
      else if (isSeq(node)) node = node.get(Number(key), true);
      else break;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range && p.message.startsWith(`${p.path}: `) ? `${p.path} (line ${counter.linePos(range[0]).line}): ${p.message.slice(p.path.length + 2)}` : p.message;
  });
}

/** Hex sha256 of bytes. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's bytes, or a `ConfigError` naming the option. */
export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ConfigError(`--mapping ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? error}); run map propose to write one`);
  }
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
