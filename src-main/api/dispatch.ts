import type { Handlers } from './context';
import { channels, type Channel, type Result } from './contract';
import { errorMessage } from './errors';
import type { Language } from '../model/language';

/** Validates a call against the contract and runs it; every failure becomes `{ok: false, error}` in `language`. */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  input: unknown,
  language: Language = 'en',
): Promise<Result<unknown>> {
  if (!Object.hasOwn(channels, channel)) return { ok: false, error: `Unknown channel "${channel.slice(0, 60)}".` };
  const c = channel as Channel;
  const parsed = channels[c].input.safeParse(input ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return { ok: false, error: `Invalid request for ${c}: ${why}` };
  }
  try {
    const value = await (handlers[c] as (i: unknown) => unknown)(parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: errorMessage(err, language) };
  }
}
