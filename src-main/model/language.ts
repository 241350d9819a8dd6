/**
 * The languages Tributary speaks, and how a locale (a BCP 47 tag such as `de-AT`, or a POSIX locale
 * such as `de_DE.UTF-8` from `LANG`) picks one. Shared by the renderer (OS and browser languages) and
 * the CLI (`--lang`, `LC_ALL`, `LANG`), so both choose the same way.
 */

export const languages = ['en', 'de'] as const;
export type Language = (typeof languages)[number];

/** A locale's language subtag, lower case: `de_DE.UTF-8` → `de`, `en-GB` → `en`; `C` and `POSIX` → null. */
function languageOf(locale: string): string | null {
  const tag = locale.split(/[._@-]/)[0].toLowerCase();
  return tag && tag !== 'c' && tag !== 'posix' ? tag : null;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The first supported language among the locales, in order of preference; English when none is. */
export function pickLanguage(locales: readonly (string | null | undefined)[]): Language {
  for (const locale of locales) {
    const tag = locale ? languageOf(locale) : null;
    if (isLanguage(tag)) return tag;
  }
  return 'en';
}

/**
 * The locale to format with for `language`: the first preferred locale in that language (an English
 * user in `en-GB` keeps day-month order), else the language itself.
 */
export function formattingLocale(language: Language, locales: readonly (string | null | undefined)[]): string {
  for (const locale of locales) {
    if (!locale || languageOf(locale) !== language) continue;
    const tag = locale.split(/[.@]/)[0].replace('_', '-');
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? language;
    } catch {
      // Not a BCP 47 tag: keep looking.
    }
  }
  return language;
}
