import type { SimOptions } from './faults';
import { absurdRetryAfter, hostileHit } from './injected';
import { unit } from './rng';

/** The Retry-After a throttled request gets: 1–3 seconds, or (hostile, one throttle in three) 999999999 or another absurd value. */
export function retryAfterFor(opts: SimOptions, sequence: number): string {
  if (opts.faults === 'hostile' && hostileHit(opts.seed, 1 / 3, 'retry-after', sequence)) {
    return unit(opts.seed, 'absurd-kind', sequence) < 0.5 ? '999999999' : absurdRetryAfter(opts.seed, sequence);
  }
  return String(1 + Math.floor(unit(opts.seed, 'retry-after', sequence) * 3));
}
