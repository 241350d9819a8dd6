import type { IncomingMessage, ServerResponse } from 'node:http';
import { rng, hashSeed } from './rng';

/** docs/architecture.md "Simulators": none, flaky (throttling, 5xx, resets, delays), hostile (+ malicious input). */
export type FaultMode = 'none' | 'flaky' | 'hostile';
export type Scale = 'small' | 'medium' | 'large';

export interface SimOptions {
  seed: number;
  faults: FaultMode;
  /** The simulated present, ms since the epoch (pinned with --now). */
  now: () => number;
  scale: Scale;
}

/** The flaky fault a request gets, drawn deterministically from the seed and the request's sequence number. */
export type FlakyFault = 'throttle' | 'server-error' | 'reset' | 'slow' | null;

/** About one request in six gets a fault; never two in a row for the same sequence, so clients can finish. */
export function drawFlakyFault(seed: number, sequence: number): FlakyFault {
  const r = rng(hashSeed(seed, 'flaky', sequence))();
  if (r < 0.05) return 'throttle';
  if (r < 0.1) return 'server-error';
  if (r < 0.14) return 'reset';
  if (r < 0.17) return 'slow';
  return null;
}

/** Cuts the connection after part of a body: what a bad mobile link does to a download. */
export function resetMidBody(res: ServerResponse, partialBody: string | Buffer): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(partialBody) * 2 + 10),
  });
  res.write(partialBody.slice(0, Math.max(1, Math.floor(partialBody.length / 3))));
  setTimeout(() => res.socket?.destroy(), 5);
}

export function counterFor(): () => number {
  let n = 0;
  return () => n++;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
