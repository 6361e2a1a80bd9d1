/**
 * The knowledge base as Community holds it: a category tree, TKB boards under the leaf
 * categories, articles (TKB messages) and the images their bodies embed. Article bodies
 * link to other articles by their Community URL and embed images by their
 * `/t5/image/serverpage/...` path; both are index arithmetic, so articles stream.
 */
import type { KbArticle, KbBoard, KbCategory, KbImage } from './types.ts';
import type { DatasetPlan, PlanBase } from './plan.ts';
import { KB_IMAGE_TYPES } from './file-types.ts';
import { derivedHex, subSeed } from './random.ts';
import { articleParagraph, articleStep, articleSubject, asciiSlug, SCRIPT_HTML, urlSlug } from './text.ts';
import { isoWithOffset, TIMELINE } from './timeline.ts';

const CATEGORIES = ['Getting Started', 'Orders & Shipping', 'Billing & Payments', 'Your Account', 'Devices', 'Troubleshooting', 'Apps & Integrations', 'Returns & Warranty', 'Security & Privacy', 'Community Guidelines'];
const LABELS = ['how-to', 'troubleshooting', 'billing', 'account', 'shipping', 'mobile', 'desktop', 'faq', 'release-notes', 'known-issue'];
const OFFSETS = [-480, -420, -360, -300, -240, 0, 60, 120, 330, 540, 600];

/**
 * The category tree: the first quarter are roots, the others hang under a root.
 *
 * @example
 * buildCategories(3).map((c) => c.parentId); // [null, null, 'getting-started']
 */
export function buildCategories(count: number): KbCategory[] {
  const roots = Math.max(2, Math.min(count - 1, Math.ceil(count / 4)));
  const titles = Array.from({ length: count }, (_, n) => `${CATEGORIES[n % CATEGORIES.length]}${n >= CATEGORIES.length ? ` ${n + 1}` : ''}`);
  return titles.map((title, n) => ({ id: asciiSlug(title), title, parentId: n < roots ? null : asciiSlug(titles[n % roots]) }));
}

/**
 * TKB boards, spread over the leaf categories (categories with no children).
 *
 * @example
 * buildBoards(4, categories)[0].title; // 'Your Account Knowledge Base'
 */
export function buildBoards(count: number, categories: KbCategory[]): KbBoard[] {
  const parents = new Set(categories.map((c) => c.parentId));
  const leaves = categories.filter((c) => !parents.has(c.id));
  return Array.from({ length: count }, (_, b) => {
    const category = leaves[b % leaves.length];
    const title = `${category.title} Knowledge Base${b >= leaves.length ? ` ${Math.floor(b / leaves.length) + 1}` : ''}`;
    return { id: asciiSlug(title), title, categoryId: category.id };
  });
}

/**
 * The id of article `i` (a numeric string, as Community message ids).
 *
 * @example
 * articleId(0); // '1001'
 */
export function articleId(i: number): string {
  return String(1001 + i);
}

/**
 * The id of KB image `j`: `{number}i{16 hex digits}`, as Community image ids.
 *
 * @example
 * imageId(plan, 0); // e.g. '100i5F3A2B9C0D1E2F3A'
 */
export function imageId(plan: Pick<PlanBase, 'seed'>, j: number): string {
  return `${100 + j}i${derivedHex(plan.seed, 'image', j, 16)}`;
}

/**
 * What other articles need to link to article `i`: its id, subject, board and language.
 *
 * @example
 * const head = articleHead(plan, 3); // { id: '1004', subject: '…', boardId: '…', language: 'en' }
 */
export function articleHead(plan: DatasetPlan, i: number): { id: string; subject: string; boardId: string; language: string } {
  const f = plan.lookup.reseed(subSeed(plan.seed, 'article-head', i));
  const language = f.helpers.weightedArrayElement([
    { weight: 60, value: 'en' }, { weight: 10, value: 'fr' }, { weight: 10, value: 'de' }, { weight: 5, value: 'es' },
    { weight: 7, value: 'ja' }, { weight: 5, value: 'ar' }, { weight: 3, value: 'he' },
  ]);
  const subject = articleSubject(f, language);
  const board = plan.boards[f.number.int({ min: 0, max: plan.boards.length - 1 })];
  return { id: articleId(i), subject, boardId: board.id, language };
}

function articleUrl(plan: DatasetPlan, head: { id: string; subject: string; boardId: string }): string {
  const board = plan.boards.find((b) => b.id === head.boardId)!;
  return `https://${plan.instance.communityHost}/t5/${urlSlug(board.title)}/${urlSlug(head.subject)}/ta-p/${head.id}`;
}

/**
 * Article `i` as a Community v2 TKB message, with images and links to other articles.
 *
 * @example
 * articleAt(plan, 0).body; // '<p>…</p><p><img src="/t5/image/serverpage/image-id/…"…'
 */
export function articleAt(plan: DatasetPlan, i: number): KbArticle {
  const total = plan.counts.articles;
  const head = articleHead(plan, i);
  const f = plan.seeded.reseed(subSeed(plan.seed, 'article', i));
  const visibility = f.helpers.weightedArrayElement([{ weight: 70, value: 'public' as const }, { weight: 20, value: 'registered' as const }, { weight: 10, value: 'agent-only' as const }]);
  const posted = TIMELINE.start + Math.floor(f.number.float() * (TIMELINE.end - TIMELINE.start - 30 * 86_400_000));
  const edited = posted + Math.floor(f.number.float() * Math.min(365 * 86_400_000, TIMELINE.end - posted));
  const offset = f.helpers.arrayElement(OFFSETS);
  const agent = f.helpers.arrayElement(plan.agents);
  const labels = f.helpers.arrayElements(LABELS, { min: 0, max: 3 });
  const images = [i % plan.images];
  for (let extra = f.number.int({ min: 0, max: 2 }); extra > 0; extra--) {
    const j = f.number.int({ min: 0, max: plan.images - 1 });
    if (!images.includes(j)) images.push(j);
  }
  const targets: number[] = [];
  const [p, q] = plan.linkedArticles;
  if (i === p) targets.push(q);
  if (i === q) targets.push(p);
  for (let wanted = f.number.int({ min: 1, max: 3 }); wanted > 0 && total > 1; wanted--) {
    const k = (i + f.number.int({ min: 1, max: total - 1 })) % total;
    if (!targets.includes(k)) targets.push(k);
  }
  const paragraphs = Array.from({ length: f.number.int({ min: 1, max: 3 }) }, () => articleParagraph(f, head.language));
  const steps = Array.from({ length: f.number.int({ min: 2, max: 5 }) }, () => `<li>${articleStep(f)}</li>`).join('');
  const imageIds = images.map((j) => imageId(plan, j));
  const imgs = imageIds.map((id) => `<p><img src="/t5/image/serverpage/image-id/${id}/image-size/large?v=v2&px=999" alt="${f.lorem.words(2)}"></p>`).join('');
  const links = targets
    .map((k) => {
      const other = articleHead(plan, k);
      return `<li><a href="${articleUrl(plan, other)}">${other.subject}</a></li>`;
    })
    .join('');
  let body = `<p>${paragraphs.join('</p><p>')}</p><ol>${steps}</ol>${imgs}${links ? `<h3>Related articles</h3><ul>${links}</ul>` : ''}`;
  if (i === plan.scriptArticle) body += SCRIPT_HTML.article;
  return {
    id: head.id,
    subject: head.subject,
    body,
    teaser: paragraphs[0],
    boardId: head.boardId,
    visibility,
    language: head.language,
    post_time: isoWithOffset(posted, offset),
    last_edit_time: isoWithOffset(edited, offset),
    author: { id: String(agent.id), login: asciiSlug(agent.name) },
    labels,
    imageIds,
  };
}

/**
 * KB image `j`: type `KB_IMAGE_TYPES[j % 4]`, log-uniform size within the type's range.
 *
 * @example
 * imageAt(plan, 3).contentType; // 'image/webp'
 */
export function imageAt(plan: DatasetPlan, j: number): KbImage {
  const type = KB_IMAGE_TYPES[j % KB_IMAGE_TYPES.length];
  const f = plan.seeded.reseed(subSeed(plan.seed, 'image', j));
  const size = Math.floor(Math.exp(Math.log(type.min) + f.number.float() * (Math.log(type.max) - Math.log(type.min))));
  return { id: imageId(plan, j), contentType: type.contentType, size, title: `${f.helpers.arrayElement(type.names)}-${j + 1}.${type.ext}` };
}

/**
 * Every article, one at a time.
 *
 * @example
 * for (const a of generateArticles(plan)) write(a);
 */
export function* generateArticles(plan: DatasetPlan): Generator<KbArticle> {
  for (let i = 0; i < plan.counts.articles; i++) yield articleAt(plan, i);
}

/**
 * Every KB image, one at a time.
 *
 * @example
 * for (const image of generateImages(plan)) write(image);
 */
export function* generateImages(plan: DatasetPlan): Generator<KbImage> {
  for (let j = 0; j < plan.images; j++) yield imageAt(plan, j);
}
