import type { EventName, Events } from '../model/events';

export interface EventBus {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Every event, for transports that forward them all. */
  onAny(listener: (event: EventName, payload: Events[EventName]) => void): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<(event: EventName, payload: Events[EventName]) => void>();
  return {
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
    on(event, listener) {
      return this.onAny((e, p) => {
        if (e === event) listener(p as Events[typeof event]);
      });
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
