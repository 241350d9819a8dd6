/**
 * Holes in what a vendor returned: spans between consecutive points much longer than the stream's
 * usual spacing. Pure; the engine records what this finds so charts can draw breaks.
 */
export interface Hole {
  from: number;
  to: number;
}

/** Spacing above `factor` × the median spacing (and at least `minimum` µs) is a hole. */
export function findHoles(
  ts: readonly number[],
  previousTs: number | null,
  factor = 10,
  minimum = 3_600_000_000,
): Hole[] {
  const all = previousTs === null ? ts : [previousTs, ...ts];
  if (all.length < 3) return [];
  const deltas: number[] = [];
  for (let i = 1; i < all.length; i++) deltas.push(all[i] - all[i - 1]);
  const sorted = [...deltas].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const threshold = Math.max(minimum, median * factor);
  const holes: Hole[] = [];
  for (let i = 1; i < all.length; i++)
    if (all[i] - all[i - 1] > threshold) holes.push({ from: all[i - 1], to: all[i] });
  return holes;
}
