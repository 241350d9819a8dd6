/**
 * What main says to people, in their language (README "Translating"): errors, credential states,
 * warnings, notifications and the tray, from one catalog per language beside this file (i18next,
 * `{{name}}` values, plurals as `key_one`/`key_other` with `count`). Every layer may import it, so a
 * service names a message by key where it happens and the edge (the API, the CLI, the desktop)
 * renders it in the language of whoever reads it; English is also what the logs get.
 */
import i18next from 'i18next';
import type { Language } from '../language';
import de from './de.json';
import en from './en.json';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A key of the English catalog, plural suffixes taken off. */
export type MessageKey =
  Leaves<typeof en> extends infer K ? (K extends `${infer B}_${'one' | 'other'}` ? B : K) : never;

/**
 * A message's values: text and numbers as they are, a nested message rendered in the same language, a
 * list of them rendered and joined with commas.
 */
export type MessageValues = Record<string, string | number | Message | Message[]>;

/** A catalog message not yet rendered: what errors and warnings carry until someone reads them. */
export interface Message {
  key: MessageKey;
  values?: MessageValues;
}

/** Every catalog, by language; test/unit/renderer/i18n.test.ts checks they hold the same keys. */
export const messageCatalogs: Record<Language, typeof en> = { en, de };

const messages = i18next.createInstance();
void messages.init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
});
// `{{reason, capitalize}}`: a fragment (a vendor's reason) that opens a sentence.
messages.services.formatter?.add('capitalize', (value: unknown) => {
  const text = String(value);
  return text.charAt(0).toUpperCase() + text.slice(1);
});

export function said(key: MessageKey, values?: MessageValues): Message {
  return values ? { key, values } : { key };
}

/** A message in `language`. */
export function say(message: Message, language: Language): string {
  const values = Object.fromEntries(
    Object.entries(message.values ?? {}).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map((m) => say(m, language)).join(', ') : typeof v === 'object' ? say(v, language) : v,
    ]),
  );
  return (messages.getFixedT(language) as (key: string, options?: Record<string, unknown>) => string)(
    message.key,
    values,
  );
}

/** A failure as a message: ours as we worded it, anyone else's (a library's) as it came. */
export function saidOf(err: unknown): Message {
  return err instanceof UserError
    ? err.said
    : said('errors.asItCame', { text: err instanceof Error ? err.message : String(err) });
}

/**
 * A failure kept in the store, in `language`: its message where one was kept and the catalog still
 * knows it, else the English kept beside it (rows written before messages were kept).
 */
export function sayKept(message: Message | null, english: string | null, language: Language): string | null {
  if (!message) return english;
  const text = say(message, language);
  return text === message.key ? english : text;
}

/**
 * An error whose text was written for users: every layer may throw it (or a kind of it), and the
 * edge shows `said` in the reader's language. `message` holds the English, for logs and stacks.
 */
export class UserError extends Error {
  readonly said: Message;
  constructor(key: MessageKey, values?: MessageValues) {
    const message = said(key, values);
    super(say(message, 'en'));
    this.name = 'UserError';
    this.said = message;
  }
}
