import { hashSeed } from './rng';

/** Deterministic lower-case hex of `length` characters for (seed, parts). */
export function hexOf(length: number, ...parts: (string | number)[]): string {
  let out = '';
  for (let i = 0; out.length < length; i++)
    out += hashSeed(...parts, i)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** A deterministic UUID-shaped id (version 4 layout) for (seed, parts). */
export function uuidOf(...parts: (string | number)[]): string {
  const h = hexOf(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
