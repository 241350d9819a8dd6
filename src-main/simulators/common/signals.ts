import { unit } from './rng';

const DAY_MS = 86_400_000;

/**
 * Realistic, deterministic sensor values as pure functions of time, so any window of any size
 * can be served without holding a series in memory.
 */

/** A daily cycle (peak mid-afternoon UTC) plus slow drift and small noise. */
export function diurnal(seed: number, tsMs: number, base: number, amplitude: number, noise = 0.05): number {
  const phase = ((tsMs % DAY_MS) / DAY_MS) * 2 * Math.PI;
  const drift = Math.sin(tsMs / (17 * DAY_MS) + seed) * amplitude * 0.3;
  const jitter = (unit(seed, Math.floor(tsMs / 1000)) - 0.5) * 2 * noise * amplitude;
  return round(base + amplitude * Math.sin(phase - Math.PI / 2 - 0.6) + drift + jitter, 4);
}

/** Storm events: a few per month, each a fast rise and an exponential recession. */
export function storm(seed: number, tsMs: number, baseline: number, peak: number): number {
  const eventLength = 2 * DAY_MS;
  const window = Math.floor(tsMs / (5 * DAY_MS));
  let value = baseline;
  for (const w of [window - 1, window]) {
    if (unit(seed, 'storm', w) > 0.55) continue;
    const start = w * 5 * DAY_MS + unit(seed, 'start', w) * 3 * DAY_MS;
    const dt = tsMs - start;
    if (dt < 0 || dt > eventLength) continue;
    const size = peak * (0.3 + 0.7 * unit(seed, 'size', w));
    const rise = 2 * 3_600_000;
    value += dt < rise ? size * (dt / rise) : size * Math.exp(-(dt - rise) / (8 * 3_600_000));
  }
  return round(value, 4);
}

/** An enumerated state (e.g. a door or pump) that changes a few times a day. */
export function enumState(seed: number, tsMs: number, states: number, changesPerDay = 4): number {
  const slot = Math.floor(tsMs / (DAY_MS / changesPerDay));
  return Math.floor(unit(seed, 'state', slot) * states);
}

/** A cumulative counter (energy, pulses) that only grows. */
export function counter(seed: number, tsMs: number, perHour: number): number {
  const hours = tsMs / 3_600_000;
  return round(hours * perHour * (0.8 + 0.4 * unit(seed, 'rate')), 3);
}

/** True inside the stream's planned outages: where the simulated sensor sent nothing. */
export function inOutage(seed: number, tsMs: number): boolean {
  const week = Math.floor(tsMs / (7 * DAY_MS));
  if (unit(seed, 'outage', week) > 0.3) return false;
  const start = week * 7 * DAY_MS + unit(seed, 'outage-start', week) * 6 * DAY_MS;
  return tsMs >= start && tsMs < start + (2 + 10 * unit(seed, 'outage-len', week)) * 3_600_000;
}

export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Sample times of a stream with period `stepMs` within [fromMs, toMs), outages removed. */
export function* sampleTimes(seed: number, stepMs: number, fromMs: number, toMs: number): Generator<number> {
  const first = Math.ceil(fromMs / stepMs) * stepMs;
  for (let t = first; t < toMs; t += stepMs) if (!inOutage(seed, t)) yield t;
}
