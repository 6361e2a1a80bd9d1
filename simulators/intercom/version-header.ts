/**
 * The values the `Intercom-Version` request header may take: the 2.16 description's
 * `intercom_version` enum (`1.0` … `2.16`, default `2.16`) plus `Unstable`, the Preview
 * version the official SDK sends for its `unstable` namespace. Ordering lives in
 * `api-version.ts`.
 */

/** Every accepted value. */
export const INTERCOM_VERSIONS: readonly string[] = [
  '1.0', '1.1', '1.2', '1.3', '1.4',
  '2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9', '2.10',
  '2.11', '2.12', '2.13', '2.14', '2.15', '2.16', 'Unstable',
];

/** What a request without the header gets (the enum's `default`). */
export const DEFAULT_VERSION = '2.16';

/**
 * True when Intercom accepts `value` as a version.
 *
 * @example
 * isKnownVersion('2.16'); // true
 * isKnownVersion('3.0'); // false → 400 intercom_version_invalid
 */
export function isKnownVersion(value: string): boolean {
  return INTERCOM_VERSIONS.includes(value);
}
