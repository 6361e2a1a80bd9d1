/**
 * A parser for the subset of LiQL (Community API v2's query language, sent as `q` to
 * `/api/2.0/search`) that a knowledge-base export needs (reference §3, §5):
 *
 *   SELECT <* | count(*) | field[, field…]> FROM <collection>
 *   [WHERE <cond> [AND <cond>…]] [ORDER BY <field> [ASC|DESC]]
 *   [LIMIT n] [OFFSET n] [CURSOR '<cursor>']
 *
 * with conditions `field = v`, `!=`, `>`, `<`, `>=`, `<=` and `field IN (v, …)`, where a
 * value is a single-quoted string, a number or `true`/`false`. Keywords are
 * case-insensitive. Seed-defined simplifications: no `OR`, no parentheses around
 * conditions, one `ORDER BY` field. As on the real service (a bug the `khoros` SDK had to
 * fix), a CURSOR value that is not wrapped in single quotes is "Invalid query syntax".
 */

/** A literal in a condition. */
export type LiqlValue = string | number | boolean;

/** One `WHERE` condition. */
export type LiqlCondition =
  | { field: string; op: '=' | '!=' | '>' | '<' | '>=' | '<='; value: LiqlValue }
  | { field: string; op: 'IN'; values: LiqlValue[] };

/** A parsed query. */
export interface LiqlQuery {
  /** `'*'`, `'count(*)'` or the selected field paths. */
  fields: '*' | 'count(*)' | string[];
  collection: string;
  where: LiqlCondition[];
  orderBy?: { field: string; direction: 'ASC' | 'DESC' };
  limit?: number;
  offset?: number;
  cursor?: string;
}

/** A query the parser refuses; the message starts with "Invalid query syntax". */
export class LiqlSyntaxError extends Error {
  constructor(detail: string) {
    super(`Invalid query syntax: ${detail}`);
    this.name = 'LiqlSyntaxError';
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'symbol'; text: string; value?: LiqlValue };

const TOKEN = /\s*(?:'((?:[^'\\]|\\.|'')*)'|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][\w.]*)|(>=|<=|!=|<>|[=<>(),*]))/y;

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (;;) {
    const start = TOKEN.lastIndex;
    if (/^\s*$/.test(q.slice(start))) return tokens;
    const m = TOKEN.exec(q);
    if (!m) throw new LiqlSyntaxError(`unexpected character at ${q.slice(start).trimStart().slice(0, 20)}`);
    if (m[1] !== undefined) tokens.push({ kind: 'string', text: m[0].trim(), value: m[1].replace(/\\(.)|''/g, (s, c: string | undefined) => c ?? "'") });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], value: Number(m[2]) });
    else if (m[3] !== undefined) tokens.push({ kind: 'word', text: m[3] });
    else tokens.push({ kind: 'symbol', text: m[4] === '<>' ? '!=' : m[4] });
  }
}

/**
 * Parses a LiQL query.
 *
 * @example
 * parseLiql("SELECT id, subject FROM messages WHERE conversation.style = 'tkb' LIMIT 100 CURSOR 'abc'");
 * // { fields: ['id', 'subject'], collection: 'messages', where: [{ field: 'conversation.style', op: '=', value: 'tkb' }], limit: 100, cursor: 'abc' }
 */
export function parseLiql(q: string): LiqlQuery {
  const tokens = tokenize(q);
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (word: string) => peek()?.kind === 'word' && peek().text.toUpperCase() === word;
  const next = (what: string): Token => {
    const token = tokens[at++];
    if (!token) throw new LiqlSyntaxError(`expected ${what} at the end of the query`);
    return token;
  };
  const expectWord = (word: string) => {
    if (!isWord(word)) throw new LiqlSyntaxError(`expected ${word}, found ${peek()?.text ?? 'the end of the query'}`);
    at++;
  };
  const field = (): string => {
    const token = next('a field name');
    if (token.kind !== 'word') throw new LiqlSyntaxError(`expected a field name, found ${token.text}`);
    return token.text;
  };
  const literal = (): LiqlValue => {
    const token = next('a value');
    if (token.kind === 'string' || token.kind === 'number') return token.value!;
    if (token.kind === 'word' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
    throw new LiqlSyntaxError(`expected a value, found ${token.text}`);
  };
  const count = (clause: string): number => {
    const token = next(`a number after ${clause}`);
    if (token.kind !== 'number' || !Number.isInteger(token.value) || (token.value as number) < 0) {
      throw new LiqlSyntaxError(`${clause} takes a non-negative integer, found ${token.text}`);
    }
    return token.value as number;
  };

  expectWord('SELECT');
  let fields: LiqlQuery['fields'];
  if (peek()?.text === '*') {
    at++;
    fields = '*';
  } else if (isWord('COUNT') && tokens[at + 1]?.text === '(' && tokens[at + 2]?.text === '*' && tokens[at + 3]?.text === ')') {
    at += 4;
    fields = 'count(*)';
  } else {
    fields = [field()];
    while (peek()?.text === ',') {
      at++;
      fields.push(field());
    }
  }
  expectWord('FROM');
  const query: LiqlQuery = { fields, collection: field(), where: [] };

  if (isWord('WHERE')) {
    at++;
    do query.where.push(condition(field(), next('an operator')));
    while (isWord('AND') && ++at);
    if (isWord('OR')) throw new LiqlSyntaxError('OR is not supported by this simulator; run one query per alternative');
  }
  if (isWord('ORDER')) {
    at++;
    expectWord('BY');
    const orderField = field();
    let direction: 'ASC' | 'DESC' = 'ASC';
    if (isWord('ASC') || isWord('DESC')) direction = next('a direction').text.toUpperCase() as 'ASC' | 'DESC';
    query.orderBy = { field: orderField, direction };
  }
  // LIMIT, OFFSET and CURSOR may come in any order, each at most once.
  while (peek()) {
    const clause = next('a clause').text.toUpperCase();
    if (clause === 'LIMIT' && query.limit === undefined) query.limit = count('LIMIT');
    else if (clause === 'OFFSET' && query.offset === undefined) query.offset = count('OFFSET');
    else if (clause === 'CURSOR' && query.cursor === undefined) {
      const token = next('a cursor');
      if (token.kind !== 'string') throw new LiqlSyntaxError(`the CURSOR value must be wrapped in single quotes, found ${token.text}`);
      query.cursor = token.value as string;
    } else throw new LiqlSyntaxError(`unexpected ${tokens[at - 1].text}`);
  }
  return query;

  function condition(name: string, op: Token): LiqlCondition {
    if (op.kind === 'word' && op.text.toUpperCase() === 'IN') {
      if (next('(').text !== '(') throw new LiqlSyntaxError(`IN takes a parenthesised list after ${name}`);
      const values = [literal()];
      while (peek()?.text === ',') {
        at++;
        values.push(literal());
      }
      if (next(')').text !== ')') throw new LiqlSyntaxError(`unclosed IN list after ${name}`);
      return { field: name, op: 'IN', values };
    }
    if (op.kind !== 'symbol' || !['=', '!=', '>', '<', '>=', '<='].includes(op.text)) {
      throw new LiqlSyntaxError(`expected an operator after ${name}, found ${op.text}`);
    }
    return { field: name, op: op.text as '=', value: literal() };
  }
}
