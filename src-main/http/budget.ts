/**
 * A per-account request budget: a token bucket that keeps a sync under a vendor's documented rate
 * instead of bouncing off it. Every request of an account, whatever the stream, takes from one bucket.
 */
export interface RequestBudget {
  take(signal?: AbortSignal): Promise<void>;
  /** Called when the vendor says we are throttled: no request leaves before `until` (epoch ms). */
  pauseUntil(until: number): void;
  readonly pausedUntil: number;
}

export interface BudgetLimits {
  /** Sustained requests per minute. */
  perMinute: number;
  /** How many may go at once after an idle period. */
  burst?: number;
}

export function createBudget(limits: BudgetLimits, now: () => number = Date.now): RequestBudget {
  const capacity = Math.max(1, limits.burst ?? Math.ceil(limits.perMinute / 10));
  const refillPerMs = limits.perMinute / 60_000;
  let tokens = capacity;
  let last = now();
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();

  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - last) * refillPerMs);
    last = t;
  };

  const takeOne = async (signal?: AbortSignal) => {
    for (;;) {
      signal?.throwIfAborted();
      const pause = pausedUntil - now();
      if (pause > 0) {
        await sleep(pause, signal);
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - tokens) / refillPerMs), signal);
    }
  };

  return {
    // Takers wait in line, so a burst of streams cannot starve one another.
    take(signal) {
      const turn = queue.then(() => takeOne(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
    get pausedUntil() {
      return pausedUntil;
    },
  };
}

/** Longest timer Node keeps: longer ones fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  ms = Math.min(Math.max(0, ms), MAX_TIMER_MS);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
