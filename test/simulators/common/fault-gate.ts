import type { ServerResponse } from 'node:http';
import { drawFlakyFault, resetMidBody, type SimOptions } from './faults';
import { unit } from './rng';

/** How a vendor words the faults the gate injects (each vendor has its own 429 and 5xx bodies). */
export interface FaultReplies {
  throttle(res: ServerResponse, retryAfterSeconds: number): void;
  serverError(res: ServerResponse, status: number): void;
  /** The start of a plausible body, cut off by the reset. */
  partialBody: string;
}

/** Seconds a throttled client is told to wait: 1–3, or (hostile, one throttle in three) an absurd 999999999. */
export function retryAfterSeconds(opts: SimOptions, sequence: number): number {
  if (opts.faults === 'hostile' && unit(opts.seed, 'absurd-retry-after', sequence) < 1 / 3) return 999_999_999;
  return 1 + Math.floor(unit(opts.seed, 'retry-after', sequence) * 3);
}

/**
 * Injects the flaky fault drawn for request `sequence` (faults flaky or hostile).
 * Returns true when the request has been answered (throttled, failed or cut) and the handler must stop;
 * a slow fault only delays (1–3 s) and returns false.
 */
export async function injectFlakyFault(opts: SimOptions, sequence: number, res: ServerResponse, replies: FaultReplies): Promise<boolean> {
  if (opts.faults === 'none') return false;
  switch (drawFlakyFault(opts.seed, sequence)) {
    case 'throttle':
      replies.throttle(res, retryAfterSeconds(opts, sequence));
      return true;
    case 'server-error':
      replies.serverError(res, [500, 502, 503][Math.floor(unit(opts.seed, 'status', sequence) * 3)]);
      return true;
    case 'reset':
      resetMidBody(res, replies.partialBody);
      return true;
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, 1000 + unit(opts.seed, 'slow', sequence) * 2000));
      return false;
    default:
      return false;
  }
}
