import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Channel, ChannelInput, ChannelReply } from '../src-main/api/contract';
import { api } from './api';

export interface Loaded<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads a channel's reply and reloads it whenever the store changes (a sync landed, an account was added). */
export function useChannel<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  deps: unknown[] = [],
): Loaded<ChannelReply<C>> {
  const [state, setState] = useState<{ value: ChannelReply<C> | null; error: string | null; loading: boolean }>({
    value: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => api.on('store:changed', reload), [reload]);
  // Compared by value: callers pass a fresh input object (and deps array) on every render.
  const requestKey = JSON.stringify([input, deps]);
  const request = useMemo(() => (JSON.parse(requestKey) as [ChannelInput<C>])[0], [requestKey]);
  useEffect(() => {
    let live = true;
    void api.invoke(channel, request).then((r) => {
      if (!live) return;
      setState(
        r.ok ? { value: r.value, error: null, loading: false } : { value: null, error: r.error, loading: false },
      );
    });
    return () => {
      live = false;
    };
  }, [channel, request, tick]);
  return { ...state, reload };
}
