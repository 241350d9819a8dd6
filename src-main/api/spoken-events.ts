import { say, type Message } from '../model';
import type { EventName, Events, SpokenEvents } from '../model/events';
import type { Language } from '../model/language';

const spoken = (message: Message | null, language: Language) => message && say(message, language);

/** Per event, its payload with each message in the reader's language. */
const speakers: { [E in EventName]: (payload: Events[E], language: Language) => SpokenEvents[E] } = {
  'store:changed': (p) => p,
  'sync:progress': (p, language) => ({ ...p, message: spoken(p.message, language) }),
  'files:progress': (p, language) => ({
    ...p,
    message: spoken(p.message, language),
    items: p.items.map((i) => ({ ...i, error: spoken(i.error, language) })),
  }),
  'export:progress': (p) => p,
};

/** A push event as the transports send it: the texts it carries in the reader's language. */
export function spokenEvent<E extends EventName>(event: E, payload: Events[E], language: Language): SpokenEvents[E] {
  return (speakers[event] as (payload: Events[E], language: Language) => SpokenEvents[E])(payload, language);
}
