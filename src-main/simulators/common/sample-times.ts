import { inOutage } from './signals';

/** Sample times of a stream with period `stepMs` within [fromMs, toMs), newest first, outages removed (the mirror of signals.sampleTimes). */
export function* sampleTimesNewestFirst(seed: number, stepMs: number, fromMs: number, toMs: number): Generator<number> {
  for (let t = Math.ceil(toMs / stepMs) * stepMs - stepMs; t >= fromMs; t -= stepMs) if (!inOutage(seed, t)) yield t;
}
