/**
 * The renderer's languages (README "Translating"): i18next with one catalog per language in this
 * folder. Components call `const { t } = useTranslation()` and `t('section.key')`; plurals use
 * i18next's suffixes (`key_one`, `key_other`) with `{ count }`. The language is the saved setting,
 * else the OS's (Electron) or the browser's; `<html lang>` and the formatting locale follow it.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { formattingLocale, pickLanguage, type Language } from '../../src-main/model/language';
import { setFormatLocale } from '../ui/format';
import de from './de.json';
import en from './en.json';

export { useTranslation, Trans } from 'react-i18next';

declare module 'i18next' {
  interface CustomTypeOptions {
    // Keys are checked against the English catalog: a `t('…')` with an unknown key does not compile.
    resources: { translation: typeof en };
    returnNull: false;
  }
}

/** Every catalog, by language; test/unit/renderer/i18n.test.ts checks they hold the same keys. */
export const catalogs: Record<Language, typeof en> = { en, de };

/** The browser's languages; none under Node, where unit tests import modules that translate. */
const browserLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages);

/** What the OS or browser prefers, most preferred first. */
function preferredLocales(osLocale: string | null): readonly string[] {
  return osLocale ? [osLocale, ...browserLanguages()] : browserLanguages();
}

function apply(language: Language, locales: readonly string[]): void {
  setFormatLocale(formattingLocale(language, locales));
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: pickLanguage(browserLanguages()),
  fallbackLng: 'en',
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  initAsync: false,
});
apply(pickLanguage(browserLanguages()), browserLanguages());

/**
 * Applies the language setting (null: follow the OS locale main reports, in Electron, or the
 * browser's languages) to the texts, the formats and `<html lang>`.
 */
export function applyLanguage(saved: Language | null, osLocale: string | null): void {
  const locales = preferredLocales(osLocale);
  apply(saved ?? pickLanguage(locales), locales);
}

/** The active language's translate function, for code outside components (notifications, titles). */
export const translate = i18next.t.bind(i18next);

/**
 * A word main sends in English (a vendor's credential field, a file's storage status): its
 * translation under `group.id` where the catalog has one, else main's English.
 */
export function translateWord(group: 'secretFields' | 'fileStatus', id: string | number, english: string): string {
  const key = `${group}.${id}`;
  return i18next.exists(key) ? (i18next.t as (key: string) => string)(key) : english;
}
