import { expect } from 'chai';
import { LiqlSyntaxError, parseLiql } from '../../../simulators/khoros/families/community/liql.ts';
import { compareValues, DEFAULT_LIQL_LIMIT, LiqlQueryError, runLiql, type LiqlItem } from '../../../simulators/khoros/families/community/liql-eval.ts';

describe('Khoros simulator: LiQL', () => {
  describe('parseLiql', () => {
    it('parses fields, conditions, order, limit and a quoted cursor', () => {
      const q = parseLiql("SELECT id, subject, board.id FROM messages WHERE conversation.style = 'tkb' AND board.id IN ('a', 'b') AND depth = 0 ORDER BY post_time DESC LIMIT 100 CURSOR 'abc=='");
      expect(q).to.deep.equal({
        fields: ['id', 'subject', 'board.id'], collection: 'messages',
        where: [
          { field: 'conversation.style', op: '=', value: 'tkb' },
          { field: 'board.id', op: 'IN', values: ['a', 'b'] },
          { field: 'depth', op: '=', value: 0 },
        ],
        orderBy: { field: 'post_time', direction: 'DESC' }, limit: 100, cursor: 'abc==',
      });
    });

    it('takes keywords in any case, SELECT *, count(*), OFFSET and comparison operators', () => {
      expect(parseLiql('select * from boards').fields).to.equal('*');
      expect(parseLiql('SELECT count(*) FROM messages').fields).to.equal('count(*)');
      const q = parseLiql("select id from messages where post_time >= '2024-01-01T00:00:00Z' and last_edit_time < '2025-01-01' order by id limit 5 offset 10");
      expect(q.where.map((c) => c.op)).to.deep.equal(['>=', '<']);
      expect(q).to.include({ limit: 5, offset: 10 });
      expect(q.orderBy).to.deep.equal({ field: 'id', direction: 'ASC' });
    });

    it('reads escaped quotes and booleans inside values', () => {
      const q = parseLiql("SELECT id FROM messages WHERE subject = 'It''s \\'ok\\'' AND read_only = false");
      expect(q.where).to.deep.equal([
        { field: 'subject', op: '=', value: "It's 'ok'" },
        { field: 'read_only', op: '=', value: false },
      ]);
    });

    it('refuses a CURSOR that is not wrapped in single quotes, as Community does', () => {
      expect(() => parseLiql('SELECT id FROM messages LIMIT 10 CURSOR abc123')).to.throw(LiqlSyntaxError, /^Invalid query syntax/);
      expect(() => parseLiql('SELECT id FROM messages CURSOR "abc"')).to.throw(LiqlSyntaxError, /^Invalid query syntax/);
    });

    it('refuses malformed queries with "Invalid query syntax"', () => {
      for (const bad of ['FROM messages', 'SELECT id messages', "SELECT id FROM messages WHERE id 'x'", "SELECT id FROM messages WHERE id IN ('a'",
        'SELECT id FROM messages LIMIT ten', "SELECT id FROM messages WHERE id = 'a' OR id = 'b'", 'SELECT id FROM messages LIMIT 1 LIMIT 2', 'SELECT id FROM messages ; DROP']) {
        expect(() => parseLiql(bad), bad).to.throw(LiqlSyntaxError, /^Invalid query syntax/);
      }
    });
  });

  describe('runLiql', () => {
    const items: LiqlItem[] = [
      { type: 'message', id: '10', post_time: '2024-01-01T10:00:00.000-07:00', board: { id: 'a' }, tags: ['x'] },
      { type: 'message', id: '9', post_time: '2024-01-01T12:00:00.000+00:00', board: { id: 'b' }, tags: [] },
      { type: 'message', id: '11', post_time: '2024-01-02T00:00:00.000+00:00', board: { id: 'a' }, tags: ['x', 'y'] },
    ];
    const run = (q: string, list = items, maxLimit = 1000) => runLiql(parseLiql(q), list, { maxLimit, resolvers: { tag: (i) => i.tags } });
    const ids = (r: ReturnType<typeof runLiql>) => ('items' in r ? r.items.map((i) => i.id) : []);

    it('orders by id numerically without ORDER BY and compares times by instant', () => {
      expect(ids(run('SELECT id FROM messages'))).to.deep.equal(['9', '10', '11']);
      // 10:00-07:00 is 17:00Z, after 12:00Z.
      expect(ids(run('SELECT id FROM messages ORDER BY post_time ASC'))).to.deep.equal(['9', '10', '11']);
      expect(ids(run("SELECT id FROM messages WHERE post_time > '2024-01-01T16:00:00Z'"))).to.deep.equal(['10', '11']);
      expect(compareValues('2024-01-01T10:00:00-07:00', '2024-01-01T17:00:00Z')).to.equal(0);
    });

    it('filters on paths, IN lists and relation fields that hold several values', () => {
      expect(ids(run("SELECT id FROM messages WHERE board.id = 'a'"))).to.deep.equal(['10', '11']);
      expect(ids(run("SELECT id FROM messages WHERE id IN ('9', '11')"))).to.deep.equal(['9', '11']);
      expect(ids(run("SELECT id FROM messages WHERE tag = 'y'"))).to.deep.equal(['11']);
      expect(ids(run("SELECT id FROM messages WHERE board.id != 'a'"))).to.deep.equal(['9']);
    });

    it('projects the selected fields, nested ones included, and always the type', () => {
      const result = run("SELECT board.id FROM messages WHERE id = '9'");
      expect(result).to.deep.equal({ items: [{ type: 'message', board: { id: 'b' } }] });
    });

    it('pages with keyset cursors to the end, and a page boundary survives an insertion', () => {
      const first = run('SELECT id FROM messages LIMIT 2');
      expect(ids(first)).to.deep.equal(['9', '10']);
      const cursor = 'nextCursor' in first ? first.nextCursor : undefined;
      expect(cursor).to.be.a('string');
      const grown = [...items, { type: 'message', id: '1' }];
      const second = run(`SELECT id FROM messages LIMIT 2 CURSOR '${cursor}'`, grown);
      expect(ids(second)).to.deep.equal(['11']);
      expect(second).to.not.have.property('nextCursor');
    });

    it('defaults LIMIT, refuses one above the maximum and refuses a cursor from another ordering', () => {
      const many = Array.from({ length: 30 }, (_, i) => ({ type: 'message', id: String(i) }));
      expect(ids(run('SELECT id FROM messages', many))).to.have.length(DEFAULT_LIQL_LIMIT);
      expect(() => run('SELECT id FROM messages LIMIT 11', items, 10)).to.throw(LiqlQueryError, /exceeds the maximum of 10/);
      const page = run('SELECT id FROM messages LIMIT 1');
      const cursor = 'nextCursor' in page ? page.nextCursor : '';
      expect(() => run(`SELECT id FROM messages ORDER BY post_time LIMIT 1 CURSOR '${cursor}'`)).to.throw(LiqlQueryError, /Invalid cursor/);
      expect(() => run("SELECT id FROM messages CURSOR 'garbage'")).to.throw(LiqlQueryError, /Invalid cursor/);
    });

    it('counts matches for count(*)', () => {
      expect(run("SELECT count(*) FROM messages WHERE board.id = 'a'")).to.deep.equal({ count: 2 });
    });
  });
});
