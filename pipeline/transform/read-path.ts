/**
 * Reads a dotted field path (`email`, `assignedAgent.email`, `properties.plan`,
 * `phoneNumbers.0`) from a staged record, following own properties only, so a path such
 * as `__proto__.x` or `constructor.name` finds nothing instead of reaching the prototype.
 */

/**
 * The value at `path`, or `undefined` when any step is missing. An own key equal to the
 * whole path (`a.b` at the top level) is tried first, then the nested steps.
 *
 * @example
 * readPath({ assignedAgent: { email: 'a@x.test' } }, 'assignedAgent.email'); // 'a@x.test'
 * readPath({ phoneNumbers: ['+1'] }, 'phoneNumbers.0'); // '+1'
 * readPath({}, '__proto__'); // undefined
 */
export function readPath(record: unknown, path: string): unknown {
  if (isObject(record) && Object.hasOwn(record, path)) return record[path];
  let current: unknown = record;
  for (const step of path.split('.')) {
    if (!isObject(current) || !Object.hasOwn(current, step)) return undefined;
    current = current[step];
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
