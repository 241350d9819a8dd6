import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../src-main/http/client';
import { OfflineError, ThrottledError, VendorError } from '../../../src-main/http/errors';
import { LONGEST_RETRY_AFTER_MS, retryAfterUntil } from '../../../src-main/http/policy';

/** A vendor gone bad, one route per attack. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/oversized': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < 8 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  },
  '/slow-loris': (_req, res) => {
    // Headers at once, then one byte every 50 ms, forever: each byte resets a per-read timeout.
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(timer));
  },
  '/slow-headers': (req, res) => {
    // Nothing at all until the client gives up.
    req.socket.setTimeout(0);
    res.on('close', () => undefined);
  },
  '/malformed-json': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"Items": [{"value": 1}, {"value": NaN}, ');
  },
  '/lying-length': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    res.write('{"a":');
    setTimeout(() => res.socket?.destroy(), 10);
  },
};
let retryAfter = '';
let throttled = 0;

let server: ReturnType<typeof createServer>;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/throttle') {
      throttled++;
      res.writeHead(429, { 'Retry-After': retryAfter, 'Content-Type': 'text/html' });
      return void res.end('<h1>Too Many Requests</h1>');
    }
    const route = routes[path];
    if (route) return route(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

async function failure(http: HttpClient, path: string): Promise<unknown> {
  try {
    const res = await http.request({ url: `${base}${path}` });
    res.json();
    return 'no error';
  } catch (err) {
    return err;
  } finally {
    await http.close();
  }
}

describe('the HTTP client against a hostile vendor', () => {
  it('refuses an oversized body at its cap, without reading it all, as a per-stream error', async () => {
    const started = process.memoryUsage().rss;
    const err = await failure(createHttpClient({ maxBytes: 1024 * 1024 }), '/oversized');
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-stream');
    expect((err as Error).message).toMatch(/larger than 1 MiB/);
    expect(process.memoryUsage().rss - started).toBeLessThan(64 * 1024 * 1024);
  });

  it('ends a slow-loris body at the whole-request deadline, however steadily the bytes trickle', async () => {
    const t = performance.now();
    const err = await failure(
      createHttpClient({ timeoutMs: 400, bodyTimeoutMs: 10_000, maxAttempts: 2, baseBackoffMs: 10 }),
      '/slow-loris',
    );
    expect(err).toBeInstanceOf(OfflineError);
    expect((err as Error).message).toMatch(/timed out|cut off/);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('ends a response whose headers never come', async () => {
    const t = performance.now();
    const err = await failure(createHttpClient({ timeoutMs: 300, maxAttempts: 2, baseBackoffMs: 10 }), '/slow-headers');
    expect(err).toBeInstanceOf(OfflineError);
    expect((err as Error).message).toMatch(/timed out/);
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('turns malformed JSON into a clear per-stream error', async () => {
    const err = await failure(createHttpClient(), '/malformed-json');
    expect(err).toBeInstanceOf(VendorError);
    expect((err as VendorError).action).toBe('fail-stream');
    expect((err as Error).message).toBe(`The answer from ${new URL(base).host} was not valid JSON.`);
  });

  it('retries a body cut short of its Content-Length, then gives up as offline', async () => {
    const err = await failure(createHttpClient({ maxAttempts: 3, baseBackoffMs: 5 }), '/lying-length');
    expect(err).toBeInstanceOf(OfflineError);
    expect((err as Error).message).toMatch(/cut off/);
  });

  it.each([
    ['999999999', 'seconds, 31 years'],
    ['31536000', 'seconds, a year'],
    ['99999999999999999999', 'a 20-digit number'],
    ['-5', 'negative'],
    ['soon', 'a word'],
    ['1e3', 'not digits'],
    ['Wed, 21 Oct 2099 07:28:00 GMT', 'a date in 2099'],
  ])('does not believe Retry-After %j (%s): the default wait applies, not a failed account', async (value) => {
    retryAfter = value;
    throttled = 0;
    const now = Date.parse('2026-11-20T12:00:00Z');
    const seen: number[] = [];
    const http = createHttpClient({
      maxThrottleWaitMs: 10_000,
      maxAttempts: 2,
      onThrottle: (until) => seen.push(until),
      now: () => now,
    });
    const err = await failure(http, '/throttle');
    // The default policy's 30 s is longer than this test's 10 s patience: a throttled error naming a sane time.
    expect(err).toBeInstanceOf(ThrottledError);
    expect((err as ThrottledError).until).toBe(now + 30_000);
    expect((err as Error).message).toContain('2026-11-20T12:00:30.000Z');
    expect(seen).toEqual([now + 30_000]);
    expect(throttled).toBe(1);
  });

  it('reads honest Retry-After values: seconds, and dates (past ones mean now)', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(retryAfterUntil('120', now)).toBe(now + 120_000);
    expect(retryAfterUntil(' 3 ', now)).toBe(now + 3000);
    expect(retryAfterUntil('Fri, 20 Nov 2026 12:05:00 GMT', now)).toBe(now + 300_000);
    expect(retryAfterUntil('Thu, 01 Jan 2015 00:00:00 GMT', now)).toBe(now);
    expect(retryAfterUntil(String(LONGEST_RETRY_AFTER_MS / 1000), now)).toBe(now + LONGEST_RETRY_AFTER_MS);
    expect(retryAfterUntil(String(LONGEST_RETRY_AFTER_MS / 1000 + 1), now)).toBeUndefined();
    expect(retryAfterUntil(['7', '9'], now)).toBe(now + 7000);
    expect(retryAfterUntil(undefined, now)).toBeUndefined();
  });
});
