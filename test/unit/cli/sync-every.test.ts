import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/args';
import { everyOption, roundSummary } from '../../../src-main/cli/sync';
import type { AccountSyncResult } from '../../../src-main/sync/engine';

describe('sync --every', () => {
  it('takes seconds, minutes and hours', () => {
    expect(everyOption('2s')).toBe(2000);
    expect(everyOption('15m')).toBe(900_000);
    expect(everyOption('6h')).toBe(21_600_000);
    expect(everyOption(undefined)).toBeUndefined();
  });

  it('refuses anything else as a usage error', () => {
    for (const bad of ['15', '0s', '1.5m', '-5m', '2d', '169h', 'm', ''])
      expect(() => everyOption(bad), bad).toThrow(UsageError);
  });

  it('sums each round up in one line', () => {
    const r = (over: Partial<AccountSyncResult>): AccountSyncResult => ({
      accountId: 'a',
      accountName: 'A',
      state: 'ok',
      pointsAdded: 0,
      eventsAdded: 0,
      rejected: 0,
      failures: [],
      error: null,
      why: null,
      lost: [],
      metadataChanged: [],
      offline: false,
      ...over,
    });
    const at = Date.UTC(2026, 11, 6, 9);
    expect(roundSummary(1, at, [r({ pointsAdded: 5 }), r({ accountName: 'B', pointsAdded: 7 })])).toBe(
      'Round 1 at 2026-12-06T09:00:00.000Z: 2 accounts, 12 new points; all ok',
    );
    expect(
      roundSummary(2, at, [r({ state: 'failed', lost: [{ key: 'opti/1', from: 0, to: 1 }] }), r({ accountName: 'B' })]),
    ).toBe(
      'Round 2 at 2026-12-06T09:00:00.000Z: 2 accounts, 0 new points; A failed; data lost for good (vendor retention): A',
    );
  });
});
