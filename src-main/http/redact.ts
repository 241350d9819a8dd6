import type { Message } from '../model';

/** Query parameters that carry credentials at some vendor (Opti `key`, ODS `apikey`, OpenSense `token`). */
const SECRET_PARAMS = /([?&](?:key|apikey|api_key|token|access_token|password|pushkey)=)[^&#\s"']*/gi;

/** Replaces every known secret value, and every credential query parameter, with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(SECRET_PARAMS, '$1***');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** A URL safe to show: credential parameters masked, user info dropped. */
export function redactUrl(url: string | URL, secrets: readonly string[] = []): string {
  const u = new URL(String(url));
  u.username = '';
  u.password = '';
  return redact(u.toString(), secrets);
}

/** A message with `redact` applied to every text value, nested messages included. */
export function redactMessage(message: Message, secrets: readonly string[]): Message {
  if (!message.values) return message;
  const values = Object.fromEntries(
    Object.entries(message.values).map(([k, v]) => [
      k,
      typeof v === 'string'
        ? redact(v, secrets)
        : Array.isArray(v)
          ? v.map((m) => redactMessage(m, secrets))
          : typeof v === 'object'
            ? redactMessage(v, secrets)
            : v,
    ]),
  );
  return { key: message.key, values };
}
