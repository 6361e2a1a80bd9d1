/**
 * Orders `Intercom-Version` values numerically (`'2.9' < '2.11'`); `'Unstable'` (or anything
 * that is not `major.minor`) counts as newer than every numbered version.
 *
 * @example
 * compareVersions('2.9', '2.11');  // < 0
 * compareVersions('2.16', '2.16'); // 0
 * compareVersions('Unstable', '2.16'); // > 0
 */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number] => {
    const m = /^(\d+)\.(\d+)$/.exec(String(v).trim());
    return m ? [Number(m[1]), Number(m[2])] : [Number.POSITIVE_INFINITY, 0];
  };
  const [a1, a2] = rank(a);
  const [b1, b2] = rank(b);
  if (a1 !== b1) return a1 === Number.POSITIVE_INFINITY ? 1 : b1 === Number.POSITIVE_INFINITY ? -1 : a1 - b1;
  return a2 - b2;
}

/**
 * True when `version` is `minimum` or newer.
 *
 * @example
 * versionAtLeast('2.14', '2.11'); // true
 * versionAtLeast('2.9', '2.11');  // false
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  return compareVersions(version, minimum) >= 0;
}
