import { said, type Message } from '../model';
import { OfflineError, VendorError, type FailureAction } from './errors';

/** What a response means for the sync; vendors override single cases (DESIGN.md convention 3). */
export interface Verdict {
  action: FailureAction | 'ok';
  /** For 'throttle': epoch ms to wait until, when the vendor said. */
  until?: number;
  /** A plain-words reason, shown to the user (after a colon: it starts in lower case). */
  reason?: Message;
}

export interface ResponseFacts {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as text, when it was read (error bodies are small). */
  bodyText: string;
  now: number;
}

export type ErrorPolicy = (facts: ResponseFacts) => Verdict | undefined;

/** No vendor's honest Retry-After is longer than its daily quota's reset: beyond this it is not believed. */
export const LONGEST_RETRY_AFTER_MS = 25 * 3600_000;

/**
 * `Retry-After` as delay-seconds (digits only) or an HTTP date → epoch ms; undefined when absent,
 * unreadable (`soon`, `-5`, `1e3`) or absurd (more than a day ahead: `31536000`, a 20-digit number,
 * a date in 2099). A date in the past means now.
 */
export function retryAfterUntil(value: string | string[] | undefined, now: number): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  let until: number;
  if (/^\d+$/.test(v)) until = now + Number(v) * 1000;
  else if (/^[A-Za-z]{3}/.test(v) && /\d{2}:\d{2}:\d{2}/.test(v)) until = Math.max(now, Date.parse(v));
  else return undefined;
  return Number.isFinite(until) && until - now <= LONGEST_RETRY_AFTER_MS ? until : undefined;
}

/** `X-RateLimit-Reset` (epoch seconds) when `X-RateLimit-Remaining` is 0. */
export function rateLimitResetUntil(headers: ResponseFacts['headers']): number | undefined {
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
}

/** The default table from HTTP status to action. */
export const defaultPolicy: ErrorPolicy = ({ status, headers, now }) => {
  if (status < 400) return { action: 'ok' };
  if (status === 401) return { action: 'fail-account', reason: said('http.reason.credentialsRefused') };
  if (status === 403) return { action: 'fail-stream', reason: said('http.reason.forbidden') };
  if (status === 404) return { action: 'fail-stream', reason: said('http.reason.notFound') };
  if (status === 408) return { action: 'retry', reason: said('http.reason.timedOut') };
  if (status === 429)
    return {
      action: 'throttle',
      until: retryAfterUntil(headers['retry-after'], now) ?? rateLimitResetUntil(headers) ?? now + 30_000,
      reason: said('http.reason.throttling'),
    };
  if (status >= 500) return { action: 'retry', reason: said('http.reason.serverError', { status }) };
  return { action: 'fail-stream', reason: said('http.reason.rejected', { status }) };
};

/**
 * Whether an operation that failed with `err` is worth another attempt: the link, the vendor's server,
 * an expired session. For work that retries around the client (a resumable file transfer); the client
 * itself retries by the table above.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof OfflineError) return true;
  if (err instanceof VendorError) return err.action === 'retry' || err.action === 'reauth';
  const code = (err as { code?: string } | null)?.code ?? '';
  const name = (err as { name?: string } | null)?.name ?? '';
  // TimeoutError: the client's whole-request deadline ended a long body; a resumable transfer goes on.
  return (
    /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|UND_ERR_)/.test(code) ||
    name === 'TimeoutError' ||
    (err instanceof Error && /^(aborted|terminated)$/.test(err.message))
  );
}
