/**
 * The gate of import and plan: they write only what a confirmed map allows, and only while
 * that map still describes what is staged. Refuses, saying what to do, when no map was
 * confirmed in the workspace, when the file was edited since (naming the rows that
 * changed), or when the staged source drifted (naming new and removed fields and changed
 * types).
 */
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { MappingError } from '../errors.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { mapEdits } from './check-map-edits.ts';
import { describeDrift, profileDrift } from './check-profile-drift.ts';
import { readBytes, sha256 } from './confirm-map.ts';
import type { Mapping } from './mapping.ts';
import { lastMapVersion, type ConfirmedMapVersion } from './mapping-versions.ts';
import { profileShape, profileSource } from './profile-source.ts';
import type { SourceProfile } from './source-profile.ts';

/** Options of `requireConfirmedMap`. */
export interface RequireConfirmedMapOptions {
  workspace: Workspace;
  /** The map file import was given. */
  mappingPath: string;
  /** The staged source's current profile. @default profileSource(workspace) */
  profile?: SourceProfile;
  /** The stage that asks, named in the refusal. @default 'import' */
  stage?: string;
}

/**
 * The confirmed map, or a `MappingError` that says what changed and what to do.
 *
 * @example
 * const mapping = await requireConfirmedMap({ workspace, mappingPath: 'mapping.yaml' });
 */
export async function requireConfirmedMap(options: RequireConfirmedMapOptions): Promise<Mapping> {
  return (await requireConfirmedVersion(options)).mapping;
}

/**
 * Like `requireConfirmedMap`, with the version record (number, hashes, who and when), for
 * stages that stamp what they write with the map version.
 *
 * @example
 * const { version, mapping } = await requireConfirmedVersion({ workspace, mappingPath: 'mapping.yaml' });
 */
export async function requireConfirmedVersion(options: RequireConfirmedMapOptions): Promise<ConfirmedMapVersion> {
  const { workspace, mappingPath } = options;
  const confirm = `khoros2intercom map confirm --config FILE --mapping ${mappingPath}`;
  const last = await lastMapVersion(workspace);
  if (!last) {
    throw new MappingError('mapping_unconfirmed', `no field map is confirmed in this workspace: review ${mappingPath}, then run \`${confirm}\` ` +
      'before import or plan', ['no confirmed map']);
  }
  const when = `${last.confirmedAt.toISOString()} by ${last.confirmedBy} (version ${last.version})`;
  const sections: { code: string; lines: string[]; text: string }[] = [];

  const bytes = await readBytes(mappingPath);
  if (sha256(bytes) !== last.fileSha256) {
    const lines = editsOf(last, bytes.toString('utf8'));
    const elsewhere = resolve(mappingPath) !== last.filePath ? ` (the confirmed file was ${last.filePath})` : '';
    sections.push({
      code: 'mapping_changed', lines,
      text: `${mappingPath} changed since it was confirmed at ${when}${elsewhere}:\n${bullets(lines)}\n` +
        `Review the change and run \`${confirm}\` again.`,
    });
  }

  const profile = options.profile ?? await profileSource(workspace);
  const drift = profileDrift(last.profileShape, profileShape(profile));
  if (drift) {
    const lines = describeDrift(drift);
    sections.push({
      code: 'source_drifted', lines,
      text: `the staged source changed since the map was confirmed at ${when}:\n${bullets(lines)}\n` +
        `Run \`khoros2intercom map propose\` to see the new fields, edit ${mappingPath} to place them (or skip them), then run \`${confirm}\`.`,
    });
  }

  if (sections.length) {
    throw new MappingError(sections[0].code, `${options.stage ?? 'import'} refused: ${sections.map((s) => s.text).join('\nAlso, ')}`, sections.flatMap((s) => s.lines));
  }
  return last;
}

function editsOf(last: ConfirmedMapVersion, text: string): string[] {
  let current: unknown;
  try {
    current = parse(text);
  } catch (error) {
    return [`the file no longer parses as YAML (${(error as Error).message.split('\n')[0]})`];
  }
  const edits = mapEdits(last.mapping, current);
  if (edits.length === 0) return ['only comments or formatting changed; no value differs'];
  return edits.length > 20 ? [...edits.slice(0, 20), `… and ${edits.length - 20} more changes`] : edits;
}

function bullets(lines: string[]): string {
  return lines.map((l) => `  - ${l}`).join('\n');
}
