import type { ServerResponse } from 'node:http';
import { drawFlakyFault, resetMidBody, type FaultMode } from './faults';
import { unit } from './rng';
import { sendText } from './server';

/**
 * Fault injection shared by the OpenDataSoft, Realtime and OpenSense simulators: the transport faults of
 * `flaky` and the malicious payload pieces of `hostile`, each a pure function of (seed, request number).
 */

export const OVERSIZED_BYTES = 60_000_000;

/**
 * Applies the flaky fault drawn for request `sequence`. `answerThrottle` writes the vendor's own 429.
 * Returns true when the fault answered (or cut) the response; after a slow delay it returns false so
 * the request is then served normally.
 */
export async function applyFlakyFault(
  mode: FaultMode,
  seed: number,
  sequence: number,
  res: ServerResponse,
  answerThrottle: () => void,
): Promise<boolean> {
  if (mode === 'none') return false;
  switch (drawFlakyFault(seed, sequence)) {
    case 'throttle':
      answerThrottle();
      return true;
    case 'server-error': {
      const status = [500, 502, 503][Math.floor(unit(seed, '5xx', sequence) * 3)];
      sendText(res, status, `<html><body><h1>${status} Server Error</h1></body></html>`, 'text/html');
      return true;
    }
    case 'reset':
      resetMidBody(res, '{"status":200,"data":[{"ts":"2020-01-01T00:00:00Z","value":1.5},{"ts":');
      return true;
    case 'slow':
      await new Promise((done) => setTimeout(done, 1000 + unit(seed, 'slow', sequence) * 2000));
      return false;
    default:
      return false;
  }
}

/** True for about `rate` of the hostile draws keyed by `parts`. */
export function hostileHit(seed: number, rate: number, ...parts: (string | number)[]): boolean {
  return unit(seed, 'hostile', ...parts) < rate;
}

const GARBAGE_VALUES: unknown[] = ['NaN', 'n/a', '12,5', '', 1e308, -1.7976931348623157e308, null, true, {}, ['1']];

/** A malformed stand-in for a numeric value: text, non-finite-looking numbers, wrong JSON types. */
export function garbageValue(seed: number, ...parts: (string | number)[]): unknown {
  return GARBAGE_VALUES[Math.floor(unit(seed, 'garbage', ...parts) * GARBAGE_VALUES.length)];
}

/** A Retry-After no client should obey literally. */
export function absurdRetryAfter(seed: number, sequence: number): string {
  const choices = ['31536000', '-5', 'soon', '99999999999999999999', 'Wed, 21 Oct 2099 07:28:00 GMT'];
  return choices[Math.floor(unit(seed, 'retry-after', sequence) * choices.length)];
}

/** A timestamp (ms) far outside any plausible history: year 1901 or 2999. */
export function absurdTimeMs(seed: number, ...parts: (string | number)[]): number {
  return unit(seed, 'absurd-time', ...parts) < 0.5 ? Date.UTC(1901, 0, 1) : Date.UTC(2999, 11, 31);
}

/**
 * Streams a syntactically valid JSON document of about 60 MB: `head` + a huge string + `tail`,
 * written with back-pressure so the simulator itself never holds it.
 */
export async function sendOversizedJson(
  res: ServerResponse,
  status: number,
  head: string,
  tail: string,
): Promise<void> {
  const chunk = Buffer.alloc(1_000_000, 'x');
  const total = Buffer.byteLength(head) + OVERSIZED_BYTES + Buffer.byteLength(tail) + 2;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(total) });
  res.write(`${head}"`);
  for (let written = 0; written < OVERSIZED_BYTES; written += chunk.length) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await drained(res);
  }
  res.end(`"${tail}`);
}

/** Resolves when a full response buffer has drained, or the connection has gone. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = (): void => {
      res.off('drain', finish).off('close', finish);
      done();
    };
    res.on('drain', finish).on('close', finish);
  });
}
