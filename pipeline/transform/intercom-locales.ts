/**
 * The locales an Intercom article may be written in: the keys of the 2.16
 * `article_translated_content` schema.
 */
export const INTERCOM_LOCALES: readonly string[] = [
  'ar', 'bg', 'bs', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'he', 'hr', 'hu', 'id', 'it', 'ja', 'ko', 'lt', 'lv',
  'mn', 'nb', 'nl', 'pl', 'pt', 'ro', 'ru', 'sl', 'sr', 'sv', 'tr', 'vi', 'pt-BR', 'zh-CN', 'zh-TW',
];
