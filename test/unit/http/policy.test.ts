import { describe, expect, it } from 'vitest';
import { OfflineError, ThrottledError, VendorError } from '../../../src-main/http/errors';
import { isRetryable } from '../../../src-main/http/policy';
import { said } from '../../../src-main/model';

const reason = said('http.status', { status: 0 });

describe('isRetryable', () => {
  it('retries the link, the server and an expired session', () => {
    expect(isRetryable(new OfflineError(reason))).toBe(true);
    expect(isRetryable(new VendorError(reason, 'retry', 502))).toBe(true);
    expect(isRetryable(new VendorError(reason, 'reauth', 401))).toBe(true);
    expect(isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket'), { code: 'UND_ERR_SOCKET' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('deadline'), { name: 'TimeoutError' }))).toBe(true);
    expect(isRetryable(new Error('terminated'))).toBe(true);
  });

  it('gives up on what another attempt cannot change', () => {
    expect(isRetryable(new VendorError(reason, 'fail-stream', 404))).toBe(false);
    expect(isRetryable(new VendorError(reason, 'fail-account', 401))).toBe(false);
    expect(isRetryable(new ThrottledError(reason, Date.now() + 3600_000))).toBe(false);
    expect(isRetryable(Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
  });
});
