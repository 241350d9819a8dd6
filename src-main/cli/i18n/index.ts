/**
 * The CLI's languages (README "Translating"): catalogs beside this file, keys and plurals the same
 * way as the renderer's (i18next, `key_one`/`key_other` with `count`). The language is `--lang`,
 * else the POSIX locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`); exports and `--json` output
 * never depend on it. What main's services say (errors, credential states) comes from main's catalog
 * in `model/messages`, rendered here by `speak` in the same language.
 */
import i18next from 'i18next';
import { errorMessage } from '../../api/errors';
import { say, type Message } from '../../model';
import { formattingLocale, pickLanguage, type Language } from '../../model/language';
import de from './de.json';
import en from './en.json';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A key of the English catalog, plural suffixes taken off: what `t` accepts. */
export type CliKey = Leaves<typeof en> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

const cli = i18next.createInstance();
void cli.init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});

let language: Language = 'en';
let locale = 'en';

/** The POSIX rule: the first of LC_ALL, LC_MESSAGES, LANG that is set decides (`C` means English). */
export function cliLanguage(env: NodeJS.ProcessEnv): Language {
  return pickLanguage([env.LC_ALL || env.LC_MESSAGES || env.LANG]);
}

/** Switches the CLI's messages and number formats. */
export function setCliLanguage(chosen: Language): void {
  language = chosen;
  void cli.changeLanguage(language);
  locale = formattingLocale(language, [process.env.LC_ALL, process.env.LC_MESSAGES, process.env.LANG]);
}

/** A message in the CLI's language; `{{name}}` placeholders from `vars`, plurals from `vars.count`. */
export function t(key: CliKey, vars?: Record<string, string | number>): string {
  return (cli.t as (key: string, options?: Record<string, unknown>) => string)(key, vars);
}

/** A message of main's catalog (errors, credential states, warnings) in the CLI's language. */
export function speak(message: Message): string {
  return say(message, language);
}

/** What the user is told of a failure, in the CLI's language; details go to `log`. */
export function failureText(err: unknown, log?: (detail: unknown) => void): string {
  return errorMessage(err, language, log);
}

/** A number for people, in the CLI's language: `12,345` or `12.345`; `digits` fixes the decimals. */
export function n(value: number, digits?: number): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits ?? 3 }).format(
    value,
  );
}
