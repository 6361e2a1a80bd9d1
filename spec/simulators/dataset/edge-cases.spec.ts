import { expect } from 'chai';
import { EDGE_CASES, naiveCaseKey } from '../../../simulators/dataset/edge-cases.ts';
import { generateDataset } from '../../../simulators/dataset/generate-dataset.ts';
import { TIMELINE } from '../../../simulators/dataset/timeline.ts';
import type { Case, Dataset, KbArticle, MetaField } from '../../../simulators/dataset/types.ts';
import { indexDataset } from './dataset-index.ts';

const times = (c: Case) => c.interactions.map((i) => Date.parse(i.created));
const fieldsOf = (d: Dataset, object: 'customer' | 'case', type: MetaField['type']) => (d.khoros.customFields?.[object] ?? []).filter((f) => f.type === type);
const normalized = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const SCRIPTS = { han: /\p{Script=Han}/u, kana: /\p{Script=Hiragana}|\p{Script=Katakana}/u, cyrillic: /\p{Script=Cyrillic}/u, arabic: /\p{Script=Arabic}/u, hebrew: /\p{Script=Hebrew}/u, emoji: /\p{Extended_Pictographic}/u };

/** One check per edge case: it receives the dataset and the records listed in meta. */
const CHECKS: Record<string, (d: Dataset, records: any[]) => void> = {
  'customer-without-email': (_, customers) => {
    for (const c of customers) expect(c.email, c.id).to.equal(null);
  },
  'customers-sharing-email-in-different-case': (_, [a, b]) => {
    expect(a.email).to.be.a('string');
    expect(a.email).not.to.equal(b.email);
    expect(a.email.toLowerCase()).to.equal(b.email.toLowerCase());
  },
  'non-latin-names': (_, customers) => {
    const names = customers.map((c) => c.displayName).join(' ');
    for (const script of ['han', 'cyrillic', 'arabic', 'hebrew', 'emoji'] as const) expect(names).to.match(SCRIPTS[script], script);
    for (const c of customers) expect(c.displayName, c.id).to.match(/[^\x00-\x7f]/);
  },
  'non-latin-bodies': (_, interactions) => {
    const bodies = interactions.map((i) => i.body).join(' ');
    for (const script of Object.keys(SCRIPTS) as (keyof typeof SCRIPTS)[]) expect(bodies).to.match(SCRIPTS[script], script);
  },
  'script-in-interaction-body': (_, interactions) => {
    for (const i of interactions) {
      expect(i.body).to.include('<script');
      expect(i.body).to.match(/onerror=/);
      expect(i.body).to.match(/onclick=/);
    }
  },
  'script-in-article-body': (_, articles) => {
    for (const a of articles) {
      expect(a.body).to.include('<script');
      expect(a.body).to.match(/onclick=/);
      expect(a.body).to.match(/onerror=/);
    }
  },
  'interactions-out-of-order': (_, cases: Case[]) => {
    for (const c of cases) {
      const t = times(c);
      expect(t.some((x, j) => j > 0 && t[j - 1] > x), c.id).to.equal(true);
    }
  },
  'interactions-with-identical-timestamps': (_, cases: Case[]) => {
    for (const c of cases) {
      const t = times(c);
      expect(new Set(t).size, c.id).to.be.below(t.length);
    }
  },
  'case-without-interactions': (_, cases: Case[]) => {
    for (const c of cases) expect(c.interactions, c.id).to.have.length(0);
  },
  'case-with-over-500-interactions': (_, cases: Case[]) => {
    expect(cases).to.have.length.at.least(1);
    for (const c of cases) expect(c.interactions.length, c.id).to.be.above(500);
  },
  'legacy-case-id': (_, cases: Case[]) => {
    for (const c of cases) {
      expect(c.id).to.match(/^\d{8}$/);
      expect(Date.parse(c.created!)).to.be.below(TIMELINE.newCaseIdsFrom);
    }
  },
  'new-format-case-id': (_, cases: Case[]) => {
    for (const c of cases) {
      expect(c.id).to.match(/^CASE-\d{6,}$/);
      expect(Date.parse(c.created!)).to.be.at.least(TIMELINE.newCaseIdsFrom);
    }
  },
  'case-ids-colliding-when-normalized': (_, [a, b]: Case[]) => {
    expect(a.id).not.to.equal(b.id);
    expect(naiveCaseKey(a.id)).to.equal(naiveCaseKey(b.id));
    expect(naiveCaseKey(a.id)).to.equal('4711');
    expect([a.id, b.id].sort()).to.deep.equal(['00004711', 'CASE-004711']);
    expect(Date.parse(a.created!)).to.be.below(TIMELINE.newCaseIdsFrom);
    expect(Date.parse(b.created!)).to.be.at.least(TIMELINE.newCaseIdsFrom);
  },
  'agent-without-intercom-admin': (d, agents) => {
    const adminEmails = new Set((d.intercom.admins ?? []).map((a) => a.email.toLowerCase()));
    for (const agent of agents) expect(adminEmails.has(agent.email.toLowerCase()), agent.email).to.equal(false);
  },
  'custom-field-text-in-number-field': (d, customers) => {
    const numbers = fieldsOf(d, 'customer', 'number');
    for (const c of customers) expect(numbers.some((f) => f.name in c && typeof c[f.name] !== 'number'), c.id).to.equal(true);
  },
  'custom-field-option-not-in-list': (d, cases) => {
    const lists = fieldsOf(d, 'case', 'single_sel_list');
    for (const c of cases) expect(lists.some((f) => f.name in c && !f.listValues!.some((v) => v.value === c[f.name])), c.id).to.equal(true);
  },
  'custom-field-malformed-date': (d, cases) => {
    const dates = fieldsOf(d, 'case', 'date');
    const wellFormed = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    for (const c of cases) expect(dates.some((f) => f.name in c && !wellFormed(c[f.name])), c.id).to.equal(true);
  },
  'deleted-author': (_, authors) => {
    for (const a of authors) expect(a.deleted, a.id).to.equal(true);
  },
  'merged-author': (d, authors) => {
    const ids = new Set(d.khoros.authors!.map((a) => a.id));
    for (const a of authors) {
      expect(a.mergedIntoId, a.id).to.be.a('string').and.not.equal(a.id);
      expect(ids.has(a.mergedIntoId)).to.equal(true);
    }
  },
  'attachment-content-types': (_, attachments) => {
    const types = new Set(attachments.map((a) => a.contentType));
    for (const t of ['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain', 'text/csv', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']) expect(types).to.include(t);
    const sizes = attachments.map((a) => a.size);
    expect(Math.min(...sizes)).to.equal(0);
    expect(Math.max(...sizes)).to.be.above(5_000_000);
  },
  'attachment-over-size-limit': (_, attachments) => {
    for (const a of attachments) expect(a.size).to.be.above(100 * 1024 * 1024);
  },
  'kb-image-content-types': (d, images) => {
    expect(new Set(images.map((i) => i.contentType)).size).to.be.at.least(3);
    expect(new Set(images.map((i) => i.size)).size).to.equal(images.length);
    const bodies = d.khoros.kb!.articles.map((a) => a.body).join('\n');
    for (const i of images) expect(bodies, i.id).to.include(`/t5/image/serverpage/image-id/${i.id}/`);
  },
  'kb-articles-linking-each-other': (_, [a, b]: KbArticle[]) => {
    expect(a.body).to.include(`/ta-p/${b.id}"`);
    expect(b.body).to.include(`/ta-p/${a.id}"`);
  },
  'intercom-admin-email-in-different-case': (d, admins) => {
    const agents = d.khoros.agents!.map((a) => a.email);
    for (const admin of admins) {
      expect(agents, admin.email).not.to.include(admin.email);
      expect(agents.map((e) => e.toLowerCase())).to.include(admin.email.toLowerCase());
    }
  },
  'intercom-contact-email-collides-with-customer': (d, contacts) => {
    const emails = d.khoros.customers.map((c) => c.email).filter((e): e is string => !!e);
    for (const contact of contacts) {
      expect(emails, contact.email).not.to.include(contact.email);
      expect(emails.map((e) => e.toLowerCase())).to.include(contact.email.toLowerCase());
    }
    expect(new Set(contacts.map((c) => c.role))).to.deep.equal(new Set(['user', 'lead']));
  },
  'intercom-brand-named-like-khoros-brand': (d, brands) => {
    for (const b of brands) expect(d.khoros.brands!.map((k) => k.name)).to.include(b.name);
  },
  'intercom-attribute-similar-to-custom-field': (d, attributes) => {
    const fields = [...(d.khoros.customFields?.customer ?? []), ...(d.khoros.customFields?.case ?? [])].map((f) => f.name);
    for (const a of attributes) {
      expect(fields).not.to.include(a.name);
      expect(fields.map(normalized)).to.include(normalized(a.name));
    }
  },
};

describe('dataset edge cases', () => {
  for (const seed of [1, 2]) {
    describe(`at tiny scale, seed ${seed}`, () => {
      let dataset: Dataset;
      before(() => {
        dataset = generateDataset({ seed, scale: 'tiny' });
      });

      it('records every documented edge case in meta, and nothing else', () => {
        expect(Object.keys(dataset.meta.edgeCases!).sort()).to.deep.equal(EDGE_CASES.map((e) => e.name).sort());
      });

      it('has a check for every documented edge case', () => {
        expect(Object.keys(CHECKS).sort()).to.deep.equal(EDGE_CASES.map((e) => e.name).sort());
      });

      for (const edge of EDGE_CASES) {
        it(`${edge.name}: the listed ${edge.family} exist and carry it`, () => {
          const ids = dataset.meta.edgeCases![edge.name];
          expect(ids, edge.name).to.be.an('array').that.is.not.empty;
          const family = indexDataset(dataset).get(edge.family)!;
          const records = ids.map((id) => {
            expect(family.has(id), `${edge.family} ${id}`).to.equal(true);
            return family.get(id);
          });
          CHECKS[edge.name](dataset, records);
        });
      }
    });
  }

  it('documents every edge case with a name, a family and a description', () => {
    for (const e of EDGE_CASES) {
      expect(e.name).to.match(/^[a-z0-9-]+$/);
      expect(e.description.length, e.name).to.be.above(30);
    }
    expect(new Set(EDGE_CASES.map((e) => e.name)).size).to.equal(EDGE_CASES.length);
  });

  it('keeps every edge case at an explicit minimal scale', () => {
    const d = generateDataset({ seed: 3, scale: 'customers=16,cases=24' });
    const index = indexDataset(d);
    for (const edge of EDGE_CASES) {
      const ids = d.meta.edgeCases![edge.name];
      expect(ids, edge.name).to.not.be.empty;
      const records = ids.map((id) => index.get(edge.family)!.get(id));
      expect(records.every(Boolean), edge.name).to.equal(true);
      CHECKS[edge.name](d, records);
    }
  });

  it('gives every case the id format of its creation date', () => {
    const d = generateDataset({ seed: 1, scale: 'small' });
    for (const c of d.khoros.cases) {
      const legacy = Date.parse(c.created!) < TIMELINE.newCaseIdsFrom;
      expect(c.id, c.created).to.match(legacy ? /^\d{8}$/ : /^CASE-\d{6,}$/);
    }
    const keys = d.khoros.cases.map((c) => naiveCaseKey(c.id));
    expect(keys.length - new Set(keys).size, 'collisions under naive normalization').to.equal(1);
  });
});
