/**
 * The hand-written request checks the conversation and help-center routes run whether or not
 * the official description is present (with it, `openapi-validator.ts` has already refused
 * most of these before the handler runs; without it these are the whole check). Errors are
 * Intercom's: 400 `parameter_not_found` for a missing field, 400 `parameter_invalid` for a
 * wrong one.
 */
import { IntercomError } from './context.ts';

type Obj = Record<string, any>;

/** Typed access to the fields of a request body; every method throws the Intercom error. */
export interface FieldReader {
  /** The value, or 400 `parameter_not_found` when it is missing (or an empty string). */
  required(name: string): unknown;
  /** A string field (`undefined` when absent); `required` refuses absence. */
  string(name: string, required?: boolean): string | undefined;
  /** An integer field (`undefined` when absent). */
  integer(name: string, required?: boolean): number | undefined;
  /** A boolean field (`undefined` when absent). */
  boolean(name: string): boolean | undefined;
  /** An id: a string or an integer (the description's examples send both), as a string. */
  id(name: string, required?: boolean): string | undefined;
  /** One of the given values. */
  oneOf<T extends string>(name: string, values: readonly T[], required?: boolean): T | undefined;
}

/**
 * Reads fields from a JSON body that must be an object; `status` is 400, or 422 for the
 * routes whose description documents only 422.
 *
 * @example
 * const f = fields(req.body);
 * const adminId = f.id('admin_id', true);     // 400 parameter_not_found when absent
 * const type = f.oneOf('type', ['admin', 'team'], true);
 */
export function fields(body: unknown, status = 400): FieldReader & { body: Obj } {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new IntercomError(status, 'parameter_invalid', 'The request body must be a JSON object');
  }
  const obj = (body ?? {}) as Obj;
  const missing = (name: string) => new IntercomError(status, 'parameter_not_found', `${name} is a required parameter`, name);
  const invalid = (name: string, what: string) => new IntercomError(status, 'parameter_invalid', `${name} must be ${what}`, name);
  const absent = (name: string) => obj[name] === undefined || obj[name] === null;
  const reader = {
    body: obj,
    required(name: string) {
      if (absent(name) || obj[name] === '') throw missing(name);
      return obj[name];
    },
    string(name: string, required = false) {
      if (absent(name)) { if (required) throw missing(name); return undefined; }
      if (typeof obj[name] !== 'string') throw invalid(name, 'a string');
      if (required && obj[name] === '') throw missing(name);
      return obj[name] as string;
    },
    integer(name: string, required = false) {
      if (absent(name)) { if (required) throw missing(name); return undefined; }
      if (!Number.isInteger(obj[name])) throw invalid(name, 'an integer');
      return obj[name] as number;
    },
    boolean(name: string) {
      if (absent(name)) return undefined;
      if (typeof obj[name] !== 'boolean') throw invalid(name, 'a boolean');
      return obj[name] as boolean;
    },
    id(name: string, required = false) {
      if (absent(name) || obj[name] === '') { if (required) throw missing(name); return undefined; }
      if (typeof obj[name] !== 'string' && !Number.isInteger(obj[name])) throw invalid(name, 'a string');
      return String(obj[name]);
    },
    oneOf<T extends string>(name: string, values: readonly T[], required = false) {
      const value = reader.string(name, required);
      if (value !== undefined && !values.includes(value as T)) throw invalid(name, `one of: ${values.join(', ')}`);
      return value as T | undefined;
    },
  };
  return reader;
}
