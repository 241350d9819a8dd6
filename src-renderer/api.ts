/**
 * The renderer's one door to main: `window.tributary` in Electron (the preload), or the same contract
 * over HTTP + SSE in browser mode, with the per-launch token taken from the URL fragment.
 */
import type {
  Channel,
  ChannelInput,
  ChannelReply,
  DesktopFiles,
  EventName,
  Events,
  Result,
  TributaryApi,
} from '../src-main/api/contract';
import { decodeWire, encodeWire } from '../src-main/api/wire';
import { translate } from './i18n';

declare global {
  interface Window {
    tributary?: TributaryApi;
    tributaryDesktop?: DesktopFiles;
  }
}

function browserToken(): string {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('tributary-token', fromHash);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return sessionStorage.getItem('tributary-token') ?? '';
}

function webBridge(): TributaryApi {
  const token = browserToken();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let streaming = false;

  async function readEvents(): Promise<void> {
    for (;;) {
      try {
        const res = await fetch('/api/events', { headers: { Authorization: `Bearer ${token}` } });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(frame)?.[1] as EventName | undefined;
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (name && data !== undefined) for (const l of listeners.get(name) ?? []) l(decodeWire(data));
          }
        }
      } catch {
        // The app stopped or the link dropped: try again shortly.
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  return {
    async invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelReply<C>>> {
      try {
        const res = await fetch(`/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: encodeWire(input),
        });
        if (res.status === 401) return { ok: false, error: translate('api.noToken') };
        if (!res.ok)
          return { ok: false, error: translate('api.answered', { status: res.status, text: await res.text() }) };
        return decodeWire(await res.text()) as Result<ChannelReply<C>>;
      } catch {
        return { ok: false, error: translate('api.notRunning') };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      if (!streaming) {
        streaming = true;
        void readEvents();
      }
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
  };
}

export const api: TributaryApi = window.tributary ?? webBridge();

/** Calls a channel and throws its error message: for code paths that show errors in one place. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelReply<C>> {
  const r = await api.invoke(channel, input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
