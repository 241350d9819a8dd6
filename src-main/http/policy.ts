import type { FailureAction } from './errors';

/** What a response means for the sync; vendors override single cases (DESIGN.md convention 3). */
export interface Verdict {
  action: FailureAction | 'ok';
  /** For 'throttle': epoch ms to wait until, when the vendor said. */
  until?: number;
  /** A plain-words reason, shown to the user. */
  reason?: string;
}

export interface ResponseFacts {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, when it was read (error bodies are small). */
  bodyText: string;
  now: number;
}

export type ErrorPolicy = (facts: ResponseFacts) => Verdict | undefined;

/** `Retry-After` as seconds or an HTTP date → epoch ms; undefined when absent or unreadable. */
export function retryAfterUntil(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : date;
}

/** `X-RateLimit-Reset` (epoch seconds) when `X-RateLimit-Remaining` is 0. */
export function rateLimitResetUntil(headers: ResponseFacts['headers']): number | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

/** The default table from HTTP status to action. */
export const defaultPolicy: ErrorPolicy = ({ status, headers, now }) => {
  if (status < 400) return { action: 'ok' };
  if (status === 401) return { action: 'fail-account', reason: 'the vendor refused the credentials (401)' };
  if (status === 403) return { action: 'fail-stream', reason: 'not allowed with these credentials (403)' };
  if (status === 404) return { action: 'fail-stream', reason: 'not found at the vendor (404)' };
  if (status === 408) return { action: 'retry', reason: 'the vendor timed out (408)' };
  if (status === 429)
    return {
      action: 'throttle',
      until: retryAfterUntil(headers['retry-after'], now) ?? rateLimitResetUntil(headers) ?? now + 30_000,
      reason: 'the vendor is throttling requests (429)',
    };
  if (status >= 500) return { action: 'retry', reason: `the vendor had a server error (${status})` };
  return { action: 'fail-stream', reason: `the vendor rejected the request (${status})` };
};
