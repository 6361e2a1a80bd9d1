/**
 * What articles and collections share about the help centers they live in: which help center
 * holds them, its locales (content in other locales is refused), the URLs Intercom gives them
 * (`{help center url}/{locale}/articles/{id}-{slug}`, as the documented examples show
 * `http://help-center.test/myapp-64/en/articles/39-this-is-the-article-title`), and
 * whether it is multilingual (`default_locale` and `translated_content` are "only returned for
 * multilingual help centers").
 */
import { IntercomError, type SimState } from './context.ts';

type Obj = Record<string, any>;

/**
 * The default help center: the one marked `default`, else the first; undefined when the
 * workspace has none.
 *
 * @example
 * defaultHelpCenter(state)?.id; // '81'
 */
export function defaultHelpCenter(state: SimState): Obj | undefined {
  const all = [...state.helpCenters.values()];
  return all.find((hc) => hc.default === true) ?? all[0];
}

/**
 * The help center with this id; 400 `parameter_invalid` when unknown (used by create bodies).
 *
 * @example
 * helpCenterById(state, 81);
 */
export function helpCenterById(state: SimState, id: unknown): Obj {
  const hc = state.helpCenters.get(String(id));
  if (!hc) throw new IntercomError(400, 'parameter_invalid', `Help center ${String(id)} not found`, 'help_center_id');
  return hc;
}

/**
 * The base URL of a help center (its own `url`, else `https://intercom.help/{identifier}`).
 *
 * @example
 * helpCenterUrl(state, hc); // 'https://intercom.help/acme'
 */
export function helpCenterUrl(state: SimState, hc: Obj | undefined): string {
  if (hc?.url) return String(hc.url).replace(/\/$/, '');
  return `https://intercom.help/${hc?.identifier ?? state.workspaceId}`;
}

/**
 * The locales a help center publishes in, default first (`['en']` when it declares none).
 *
 * @example
 * localesOf(hc); // ['en', 'fr']
 */
export function localesOf(hc: Obj | undefined): string[] {
  const locales = Array.isArray(hc?.locales) && hc!.locales.length > 0 ? hc!.locales.map(String) : ['en'];
  return locales;
}

/**
 * Refuses a locale the help center does not publish in (400 `parameter_invalid`), as
 * Intercom's "Unknown locale" errors do.
 *
 * @example
 * checkLocale(hc, 'fr');
 */
export function checkLocale(hc: Obj | undefined, locale: string): void {
  if (locale === 'type') return;
  if (!localesOf(hc).includes(locale)) {
    throw new IntercomError(400, 'parameter_invalid', `Unknown locale '${locale}': it is not enabled on the help center`, `translated_content.${locale}`);
  }
}

/**
 * A URL slug from a title.
 *
 * @example
 * slugify('This is the article title'); // 'this-is-the-article-title'
 */
export function slugify(title: string): string {
  return title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'untitled';
}

/**
 * The help center of a collection or of an article's parent collection (default when standalone).
 *
 * @example
 * helpCenterOfCollection(state, '165');
 */
export function helpCenterOfCollection(state: SimState, collectionId: unknown): Obj | undefined {
  const collection = collectionId === undefined || collectionId === null ? undefined : state.collections.get(String(collectionId));
  const id = collection?.help_center_id;
  return (id !== undefined && id !== null ? state.helpCenters.get(String(id)) : undefined) ?? defaultHelpCenter(state);
}
