import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, channels, type Channel } from '../../../src-main/api/contract';
import { addAccount } from '../../../src-main/accounts';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import type { Handlers } from '../../../src-main/api/context';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { createDemoService } from '../../../src-main/demo';
import { upsertSource, upsertStream } from '../../../src-main/store/catalog';
import { insertPoints } from '../../../src-main/store/points';
import { createSyncScheduler, type SyncScheduler } from '../../../src-main/sync/scheduler';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';

/**
 * Every channel gets invalid and extreme inputs, as a compromised or buggy renderer could send them:
 * the reply is always `{ok: false, error}` or a valid `{ok: true}`, main never throws, and no input
 * reaches SQL or the file system as code or as a path.
 */

/** Channels that start background work, touch the network or open dialogs: fed only inputs their schema rejects. */
const ONLY_INVALID = new Set<string>([
  'sync:start',
  'demo:open',
  'accounts:test',
  'files:download',
  'files:request',
  'files:list',
  'reports:create',
  'export:run',
  'export:saveAs',
  'osf:choose',
  'osf:import',
]);

const NOW = Date.parse('2026-11-20T12:00:00Z');

const hostileText = fc.constantFrom(
  "'; DROP TABLE points; --",
  '1 OR 1=1',
  '" UNION SELECT * FROM accounts --',
  '../../../../etc/passwd',
  '..\\..\\..\\Windows\\System32\\config\\SAM',
  '/etc/shadow',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'a\u0000b',
  'file:///etc/passwd',
  '\\\\?\\C:\\',
  '__proto__',
  'constructor',
  'x'.repeat(1_000_001),
  '\u202e\ud800',
  '',
);
const hostileNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -1,
  0,
  -0,
  1.5,
  2 ** 53,
  -(2 ** 63),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e308,
);
const hostileValue = fc.oneof(
  hostileText,
  hostileNumber,
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(hostileNumber, hostileText), { maxLength: 5 }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
);
const KEYS = [
  'id',
  'accountId',
  'streamId',
  'sourceId',
  'fileId',
  'fileIds',
  'from',
  'to',
  'buckets',
  'limit',
  'name',
  'spec',
  'path',
  'paths',
  'vendor',
  'baseUrl',
  'secret',
  'intervalMinutes',
  'on',
  'refresh',
  'siteId',
  'template',
  'format',
  'streams',
  'out',
  '__proto__',
  'constructor',
  'prototype',
];
/** Objects shaped like requests (known keys, hostile values) and anything else at all. */
const hostileInput = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 6 }),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withSparseArray: true,
  }),
  hostileValue,
);

let ws: Workspace;
let handlers: Handlers;
let scheduler: SyncScheduler;
let dataDir: string;
let tablesBefore: string[];

const tables = () =>
  (ws.db.prepare("SELECT type || ' ' || name AS n FROM sqlite_master ORDER BY name").all() as { n: string }[]).map(
    (r) => r.n,
  );
const counts = () =>
  ws.db.prepare('SELECT (SELECT count(*) FROM points) AS points, (SELECT count(*) FROM streams) AS streams').get();

beforeAll(() => {
  dataDir = join(tempDir(), 'ws');
  ws = openWorkspace(dataDir, { vault: memoryVault(), now: () => NOW });
  scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, () => undefined);
  handlers = createHandlers({ ws, mode: 'browser', version: 'fuzz', scheduler, demo });
  // Something real to find: an account (unreachable port) with one stream of points.
  const account = addAccount(ws, {
    vendor: 'opti',
    name: 'Fuzz',
    baseUrl: 'http://127.0.0.1:9',
    secret: { key: 'k'.repeat(16) },
  });
  const source = upsertSource(ws.db, { accountId: account.id, vendorRef: 'f', name: 'Facility' });
  const stream = upsertStream(
    ws.db,
    {
      key: 'opti/1',
      vendor: 'opti',
      accountId: account.id,
      sourceId: source,
      name: 'Level',
      unit: 'm',
      kind: 'number',
    },
    NOW,
  );
  ws.db.transaction(() =>
    insertPoints(
      ws.db,
      stream,
      Array.from({ length: 100 }, (_, i) => ({ ts: NOW * 1000 + i * 1e6, value: i })),
    ),
  )();
  tablesBefore = tables();
});
afterAll(async () => {
  await scheduler.stop();
  ws.close();
});

describe('every contract channel under hostile input', () => {
  it('covers every channel of the contract', () => {
    expect(channelNames.length).toBeGreaterThan(20);
    expect(channelNames.every((c) => typeof handlers[c] === 'function')).toBe(true);
  });

  it.each(channelNames)('%s answers with data, never a throw', async (channel: Channel) => {
    const before = counts();
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        if (ONLY_INVALID.has(channel) && channels[channel].input.safeParse(input ?? {}).success) return;
        const reply = await dispatch(handlers, channel, input);
        expect(reply).toBeTypeOf('object');
        if (reply.ok) expect(Object.keys(reply).sort()).toEqual(['ok', 'value']);
        else {
          expect(Object.keys(reply).sort()).toEqual(['error', 'ok']);
          expect(reply.error).toBeTypeOf('string');
          expect(reply.error.length).toBeLessThan(20_000);
          expect(reply.error).not.toMatch(/SQLITE_|at .*\.ts:\d+|\n\s+at /);
        }
      }),
      { numRuns: 50, seed: 10 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(tables()).toEqual(tablesBefore);
    // Only the views channels may add rows, and none of them to points or streams.
    expect(counts()).toEqual(before);
  });

  it('leaves the database whole and the data folder holding only its own files', () => {
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(tables()).toEqual(tablesBefore);
    expect(
      readdirSync(dataDir).filter((f) => !/^tributary\.sqlite(-wal|-shm)?$|^(downloads|exports)$/.test(f)),
    ).toEqual([]);
  });

  it.each([
    ['unknown channel', 'app:nope', {}],
    ['prototype key as channel', '__proto__', {}],
    ['constructor as channel', 'constructor', {}],
    ['toString as channel', 'toString', {}],
    ['hasOwnProperty as channel', 'hasOwnProperty', {}],
  ])('refuses a %s', async (_what, channel, input) => {
    const reply = await dispatch(handlers, channel, input);
    expect(reply.ok).toBe(false);
  });
});
