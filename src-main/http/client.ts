import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { createBudget, sleep, type RequestBudget } from './budget';
import { OfflineError, ThrottledError, VendorError } from './errors';
import { defaultPolicy, type ErrorPolicy, type Verdict } from './policy';
import { redact, redactMessage, redactUrl } from './redact';
import { said, type Message } from '../model';

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string | URL;
  headers?: Record<string, string>;
  /** Sent as is: a string or bytes (Realtime Online hashes the exact bytes). */
  body?: string | Buffer;
  /** Overrides the client's response size cap, bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Called before each attempt: lets a connector add fresh auth headers. */
  prepare?: (req: { headers: Record<string, string>; body?: string | Buffer }) => void | Promise<void>;
  /** Called once when a response says 'reauth'; the request is then retried. */
  reauthenticate?: () => Promise<void>;
  /** Per-request policy, consulted before the client's and the default one. */
  policy?: ErrorPolicy;
  /** Secrets in this request's URL beyond the account's (a device token in a path): masked too. */
  redact?: readonly string[];
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text(): string;
  json(): unknown;
}

export interface HttpStreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

export interface HttpClientOptions {
  dispatcher?: Dispatcher;
  budget?: RequestBudget;
  /** The account's secret values: masked in every message this client makes. */
  secrets?: () => readonly string[];
  /** The vendor's overrides of the default status table. */
  policy?: ErrorPolicy;
  /** Response size cap, bytes (default 64 MiB). */
  maxBytes?: number;
  /** Whole-request deadline, ms (default 120 s): stops slow-loris responses that trickle bytes. */
  timeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Attempts for retryable failures (5xx, resets, timeouts). */
  maxAttempts?: number;
  /** Longest wait for a throttled request before giving up with "throttled until …", ms. */
  maxThrottleWaitMs?: number;
  baseBackoffMs?: number;
  onThrottle?: (until: number, reason: Message) => void;
  log?: (line: string) => void;
  now?: () => number;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** For downloads: the body as a stream once the status is final (2xx). */
  stream(req: HttpRequest): Promise<HttpStreamResponse>;
  readonly budget: RequestBudget;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

/** HTTPS is required for vendors; plain HTTP only on loopback (simulators, tests). */
export function assertSecureUrl(url: URL): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return;
  throw new VendorError(said('http.notHttps', { url: `${url.protocol}//${url.host}` }), 'fail-account');
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const ownDispatcher = options.dispatcher
    ? null
    : new Agent({ connect: { timeout: 15_000 }, keepAliveTimeout: 30_000 });
  const dispatcher = options.dispatcher ?? (ownDispatcher as Dispatcher);
  const now = options.now ?? Date.now;
  const budget = options.budget ?? createBudget({ perMinute: 600 }, now);
  const secrets = options.secrets ?? (() => []);
  const maxAttempts = options.maxAttempts ?? 5;
  const maxThrottleWait = options.maxThrottleWaitMs ?? 5 * 60_000;
  const baseBackoff = options.baseBackoffMs ?? 500;

  const judge = (req: HttpRequest, status: number, headers: HttpResponse['headers'], bodyText: string): Verdict => {
    const facts = { status, headers, bodyText, now: now() };
    return req.policy?.(facts) ?? options.policy?.(facts) ?? defaultPolicy(facts) ?? { action: 'ok' };
  };

  /** One attempt loop shared by buffered and streamed requests; `consume` reads a 2xx body. */
  async function perform<T>(
    req: HttpRequest,
    consume: (res: Dispatcher.ResponseData, url: URL) => Promise<T>,
  ): Promise<T> {
    const url = new URL(String(req.url));
    assertSecureUrl(url);
    const masked = [...secrets(), ...(req.redact ?? [])];
    const clean = (text: string) => redact(text, masked);
    const cleanSaid = (message: Message) => redactMessage(message, masked);
    const shownUrl = redactUrl(url, masked);
    let reauthed = false;
    let failures = 0;
    for (;;) {
      await budget.take(req.signal);
      const headers: Record<string, string> = { 'user-agent': 'Tributary/0.1', ...req.headers };
      const prepared = { headers, body: req.body };
      await req.prepare?.(prepared);
      const deadline = AbortSignal.timeout(options.timeoutMs ?? 120_000);
      const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
      let res: Dispatcher.ResponseData;
      try {
        res = await undiciRequest(url, {
          method: req.method ?? 'GET',
          headers: prepared.headers,
          body: prepared.body,
          dispatcher,
          signal,
          headersTimeout: options.headersTimeoutMs ?? 30_000,
          bodyTimeout: options.bodyTimeoutMs ?? 30_000,
        });
      } catch (err) {
        req.signal?.throwIfAborted();
        failures++;
        const why = clean(describeNetworkError(err));
        options.log?.(`${req.method ?? 'GET'} ${shownUrl}: ${why} (attempt ${failures})`);
        if (failures >= maxAttempts) throw new OfflineError(said('http.noAnswer', { host: url.host, why }));
        await sleep(backoff(baseBackoff, failures), req.signal);
        continue;
      }
      const status = res.statusCode;
      if (status >= 200 && status < 300) {
        try {
          return await consume(res, url);
        } catch (err) {
          if (err instanceof VendorError) throw err;
          req.signal?.throwIfAborted();
          failures++;
          const why = clean(describeNetworkError(err));
          options.log?.(`${req.method ?? 'GET'} ${shownUrl}: body failed: ${why} (attempt ${failures})`);
          if (failures >= maxAttempts) throw new OfflineError(said('http.cutOff', { host: url.host, why }));
          await sleep(backoff(baseBackoff, failures), req.signal);
          continue;
        }
      }
      const bodyText = await readCapped(res.body, 64 * 1024, true).then(
        (b) => b.toString('utf8'),
        () => '',
      );
      const verdict = judge(req, status, res.headers, bodyText);
      const reason = cleanSaid(verdict.reason ?? said('http.status', { status }));
      options.log?.(`${req.method ?? 'GET'} ${shownUrl}: ${status} → ${verdict.action}`);
      switch (verdict.action) {
        case 'ok':
          throw new VendorError(said('http.unexpected', { status, url: shownUrl }), 'fail-stream', status);
        case 'reauth':
          if (req.reauthenticate && !reauthed) {
            reauthed = true;
            await req.reauthenticate();
            continue;
          }
          throw new VendorError(said('http.reauthFailed', { reason, host: url.host }), 'fail-account', status);
        case 'throttle': {
          const until = verdict.until ?? now() + 30_000;
          const when = safeIso(until);
          options.onThrottle?.(until, reason);
          if (until - now() > maxThrottleWait || failures >= maxAttempts) {
            throw new ThrottledError(said('http.throttled', { reason, until: when }), until, status);
          }
          // Only a wait we will actually do pauses the account's other requests.
          budget.pauseUntil(until);
          failures++;
          continue; // the budget waits until `until`
        }
        case 'retry':
          failures++;
          if (failures >= maxAttempts) {
            throw new VendorError(
              said('http.failedRepeatedly', { reason, host: url.host, count: failures }),
              'retry',
              status,
            );
          }
          await sleep(backoff(baseBackoff, failures), req.signal);
          continue;
        default:
          throw new VendorError(said('http.failed', { reason, url: shownUrl }), verdict.action, status);
      }
    }
  }

  const maxBytes = (req: HttpRequest) => req.maxBytes ?? options.maxBytes ?? 64 * 1024 * 1024;

  return {
    budget,
    request: (req) =>
      perform(req, async (res, url) => {
        const body = await readCapped(res.body, maxBytes(req), false).catch((err: unknown) => {
          if (err instanceof TooLargeError)
            throw new VendorError(
              said('http.tooLarge', { host: url.host, mib: Math.round(maxBytes(req) / 1048576) }),
              'fail-stream',
              res.statusCode,
            );
          throw err;
        });
        return {
          status: res.statusCode,
          headers: res.headers,
          body,
          text: () => body.toString('utf8'),
          json: () => {
            try {
              return JSON.parse(body.toString('utf8')) as unknown;
            } catch {
              throw new VendorError(said('http.notJson', { host: url.host }), 'fail-stream', res.statusCode);
            }
          },
        };
      }),
    stream: (req) =>
      perform(req, async (res) => ({
        status: res.statusCode,
        headers: res.headers,
        body: res.body as unknown as Readable,
      })),
    async close() {
      await ownDispatcher?.close();
    },
  };
}

class TooLargeError extends Error {}

/** Reads at most `limit` bytes; beyond it, either truncates (error bodies) or fails. */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number, truncate: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size + buf.length > limit) {
      body.destroy();
      if (truncate) {
        chunks.push(buf.subarray(0, limit - size));
        break;
      }
      throw new TooLargeError();
    }
    size += buf.length;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Exponential backoff with full jitter, capped at 30 s. */
function backoff(base: number, attempt: number): number {
  return Math.round(Math.random() * Math.min(30_000, base * 2 ** (attempt - 1))) + base / 2;
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    if (err.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
      return 'the request timed out';
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (offline?)';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was reset';
    return code ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

/** An absurd Retry-After (years ahead) must still give a readable message, not a RangeError. */
function safeIso(ms: number): string {
  const d = new Date(Math.min(ms, 8.64e15));
  return Number.isNaN(d.getTime()) ? 'an unknown time' : d.toISOString();
}
