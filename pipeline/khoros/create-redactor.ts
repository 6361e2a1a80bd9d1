/**
 * Keeps credentials out of every message the Khoros clients build: URLs lose their user
 * info and secret query parameters, and any text loses the literal secrets of the run
 * (password, company key, bearer token, Basic header, Community session keys).
 */

/** Query parameters masked in URLs: `companyKey`, `analyticsAccessToken`, `user.password`, session keys, tokens, signatures. */
const SECRET_PARAM = /key|token|password|passwd|secret|session|^auth|signature|^sig$/i;

/** Masks secrets in URLs and text. */
export interface Redactor {
  /** The URL without user info, secret query parameters masked as `***`. */
  url(url: string | URL): string;
  /** The text with every known secret replaced by `***`. */
  text(text: string): string;
  /** Learns one more secret (a session key issued during the run). */
  add(secret: string | undefined): void;
}

/**
 * Creates a redactor that knows `secrets` (empty and undefined ones are ignored).
 *
 * @example
 * const redact = createRedactor(['sim-password']);
 * redact.url('https://u:p@h/x?companyKey=abc&offset=1'); // 'https://h/x?companyKey=***&offset=1'
 * redact.text('bad password sim-password');               // 'bad password ***'
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const known = new Set<string>();
  const add = (secret: string | undefined) => {
    if (!secret) return;
    known.add(secret);
    known.add(encodeURIComponent(secret));
  };
  secrets.forEach(add);
  const text = (value: string) => {
    let out = value;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...known].sort((a, b) => b.length - a.length)) out = out.split(secret).join('***');
    return out;
  };
  const url = (value: string | URL) => {
    let parsed: URL;
    try {
      parsed = new URL(String(value));
    } catch {
      return text(String(value));
    }
    parsed.username = '';
    parsed.password = '';
    for (const name of new Set(parsed.searchParams.keys())) if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***');
    return text(parsed.toString());
  };
  return { url, text, add };
}
