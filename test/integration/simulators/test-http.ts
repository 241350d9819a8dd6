import type { Handler } from '../../../src-main/simulators/common/faults';
import { listen, type Listening } from '../../../src-main/simulators/common/server';

/** Helpers for the simulator tests: real HTTP on 127.0.0.1. */

export interface Served {
  base: string;
  server: Listening;
}

export async function serve(handler: Handler): Promise<Served> {
  const server = await listen(handler);
  return { base: `http://127.0.0.1:${server.port}`, server };
}

/** A response read whole; `error` when the connection broke (a reset fault). */
export interface Reply {
  status: number;
  headers: Headers;
  body: string;
  bytes: Buffer;
}

export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body: bytes.toString('utf8'), bytes };
}

/** Retries what flaky and hostile servers throw at a client (429, 5xx, resets), at most 30 times, without obeying long waits. */
export async function requestPatiently(url: string, init: RequestInit = {}): Promise<Reply> {
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const reply = await request(url, init);
      if (reply.status !== 429 && reply.status < 500) return reply;
    } catch {
      // connection reset mid-body: try again
    }
  }
  throw new Error(`no good answer from ${url}`);
}
