/**
 * Keeps credentials out of every message the Khoros and Intercom clients build: URLs lose
 * their user info and secret query parameters, and any text loses the literal secrets of
 * the run (password, company key, bearer tokens, Basic header, Community session keys) in
 * every form they take on the wire or in an echoing error body: plain, URL-encoded,
 * form-encoded, JSON-escaped, base64. The one place secrets are masked, so a form added
 * here is masked in every error of both clients.
 */

/** Query parameters masked in URLs: `companyKey`, `analyticsAccessToken`, `user.password`, session keys, tokens, signatures. */
const SECRET_PARAM = /key|token|password|passwd|secret|session|^auth|signature|^sig$/i;

/**
 * A text cut short may end in the first characters of a secret: a trailing fragment this
 * long or longer that starts a known form is masked too.
 */
const PARTIAL_MIN_CHARS = 4;

/** Masks secrets in URLs and text. */
export interface Redactor {
  /** The URL without user info, secret query parameters masked as `***`. */
  url(url: string | URL): string;
  /** The text with every known secret, in every form, replaced by `***` (and a trailing start of one, as a cut text may end). */
  text(text: string): string;
  /** The text masked, then cut to `max` characters: cutting first could split a secret past the masking. */
  excerpt(text: string, max: number): string;
  /** Learns one more secret (a session key issued during the run). */
  add(secret: string | undefined): void;
}

/**
 * The forms a secret takes in a request or an error body that echoes one.
 *
 * @example
 * secretForms('a"b/c'); // ['a"b/c', 'a%22b%2Fc', 'a\\"b/c', 'a\\"b\\/c', 'YSJiL2M=', 'YSJiL2M']
 */
export function secretForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const forms = [
    secret,
    encodeURIComponent(secret),
    // application/x-www-form-urlencoded (got's `form`, URLSearchParams) escapes more than encodeURIComponent.
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    json.replaceAll('/', '\\/'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
  return [...new Set(forms)];
}

/**
 * Creates a redactor that knows `secrets` (empty and undefined ones are ignored).
 *
 * @example
 * const redact = createRedactor(['sim-password']);
 * redact.url('https://u:p@h/x?companyKey=abc&offset=1'); // 'https://h/x?companyKey=***&offset=1'
 * redact.text('bad password sim-password');               // 'bad password ***'
 * redact.excerpt('password: sim-password', 14);           // 'password: ***'
 */
export function createRedactor(secrets: readonly (string | undefined)[] = []): Redactor {
  const known = new Set<string>();
  // Longest first, so a secret containing another is masked whole.
  let ordered: string[] = [];
  const add = (secret: string | undefined) => {
    if (!secret) return;
    for (const form of secretForms(secret)) known.add(form);
    ordered = [...known].sort((a, b) => b.length - a.length);
  };
  secrets.forEach(add);
  const text = (value: string) => {
    let out = value;
    for (const secret of ordered) out = out.split(secret).join('***');
    return maskTrailingStart(out, ordered);
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
  const excerpt = (value: string, max: number) => text(value).slice(0, max);
  return { url, text, excerpt, add };
}

/** Masks the end of `text` when it is the start of a known form (a body read up to a byte limit may stop inside a secret). */
function maskTrailingStart(text: string, forms: readonly string[]): string {
  let cut = text.length;
  for (const form of forms) {
    for (let n = Math.min(form.length - 1, text.length); n >= PARTIAL_MIN_CHARS; n -= 1) {
      if (text.endsWith(form.slice(0, n))) {
        cut = Math.min(cut, text.length - n);
        break;
      }
    }
  }
  return cut === text.length ? text : `${text.slice(0, cut)}***`;
}
