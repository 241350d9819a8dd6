import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openStore } from '../../../src-main/store/db';
import { insertAccount, upsertSource, upsertStream } from '../../../src-main/store/catalog';
import { insertPoints } from '../../../src-main/store/points';
import { recordGap, recordStreamError, recordStreamSuccess } from '../../../src-main/store/status';
import { said } from '../../../src-main/model';
import { eventsOf, insertEvents } from '../../../src-main/store/events';
import { countOutside, effectiveRange, rangesOf, setRange } from '../../../src-main/store/ranges';
import { addRejected, recordContact, recordSourceFacts, sourceHealth } from '../../../src-main/store/sources';
import { tempDir } from '../../helpers/tmp';

const MIN = 60_000_000;
const T0 = 1_790_000_000_000_000;

function workspaceDb() {
  const db = openStore(join(tempDir(), 'field.sqlite'));
  insertAccount(db, { id: 'a1', vendor: 'opensense', name: 'A', baseUrl: 'http://x', options: {}, createdAt: 0 });
  const source = upsertSource(db, { accountId: 'a1', vendorRef: 'dev_1', name: 'Cold room' });
  const stream = upsertStream(
    db,
    {
      key: 'opensense/chn_1',
      vendor: 'opensense',
      accountId: 'a1',
      sourceId: source,
      name: 'T',
      unit: '°C',
      kind: 'number',
    },
    0,
  );
  return { db, source, stream };
}

describe('migration 5: the field view', () => {
  it('adds source facts to existing sources and creates events and stream_ranges as STRICT tables', () => {
    const db = new Database(join(tempDir(), 'm3.sqlite'));
    migrate(db, 4);
    db.prepare("INSERT INTO sources (account_id, vendor_ref, name) VALUES (NULL, 'f', 'file')").run();
    migrate(db, 5);
    expect(db.prepare('SELECT info, lat, last_contact, online, rejected FROM sources').get()).toEqual({
      info: '{}',
      lat: null,
      last_contact: null,
      online: null,
      rejected: 0,
    });
    const sql = (name: string) =>
      (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;
    expect(sql('events')).toMatch(/STRICT/);
    expect(sql('stream_ranges')).toMatch(/STRICT/);
    expect(() => db.prepare("INSERT INTO stream_ranges VALUES (1, 'other', 0, 1)").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('source health', () => {
  it('takes the vendor’s last contact, else the newest point, and learns the interval from the data', () => {
    const { db, source, stream } = workspaceDb();
    insertPoints(
      db,
      stream,
      [0, 1, 2, 3].map((i) => ({ ts: T0 + i * 5 * MIN, value: i === 2 ? 40 : 4 })),
    );
    recordStreamSuccess(db, stream, 4, T0, T0 + 15 * MIN, 0);
    let [row] = sourceHealth(db);
    expect(row.lastContact).toBe(T0 + 15 * MIN);
    expect(row.expectedInterval).toBe(5 * MIN);
    expect(row.location).toBeNull();

    recordSourceFacts(db, source, {
      info: { model: 'OS-T1' },
      location: { lat: 50.9, lon: 6.9 },
      lastContact: T0 + 20 * MIN,
      online: false,
    });
    recordContact(db, source, T0 + 10 * MIN); // older: ignored
    addRejected(db, source, 3);
    recordGap(db, stream, { from: T0, to: T0 + MIN, reason: 'hole' });
    recordStreamError(db, stream, said('errors.asItCame', { text: 'HTTP 500' }), 1);
    setRange(db, stream, 'vendor', { min: 0, max: 8 });
    [row] = sourceHealth(db, 'a1');
    expect(row).toMatchObject({
      info: { model: 'OS-T1' },
      location: { lat: 50.9, lon: 6.9 },
      lastContact: T0 + 20 * MIN,
      online: false,
      rejected: 3,
      gaps: 1,
      outOfRange: 1,
      syncErrors: 1,
      lastError: 'HTTP 500',
      lastErrorSaid: { key: 'errors.asItCame', values: { text: 'HTTP 500' } },
      streams: 1,
    });
    // A rediscovery without a location keeps the one held.
    recordSourceFacts(db, source, { info: {}, location: null, lastContact: null, online: null });
    expect(sourceHealth(db)[0].location).toEqual({ lat: 50.9, lon: 6.9 });
  });
});

describe('ranges', () => {
  it('the user’s range wins over the vendor’s, and clearing it falls back', () => {
    const { db, stream } = workspaceDb();
    setRange(db, stream, 'vendor', { min: 2, max: 8 });
    setRange(db, stream, 'user', { min: null, max: 5 });
    expect(effectiveRange(rangesOf(db, stream))).toEqual({ min: null, max: 5 });
    insertPoints(
      db,
      stream,
      [1, 4, 6, 9].map((v, i) => ({ ts: T0 + i * MIN, value: v })),
    );
    expect(countOutside(db, stream, T0, T0 + 4 * MIN, { min: null, max: 5 })).toBe(2);
    expect(countOutside(db, stream, T0, T0 + 2 * MIN, { min: null, max: 5 })).toBe(0);
    setRange(db, stream, 'user', { min: null, max: null });
    expect(effectiveRange(rangesOf(db, stream))).toEqual({ min: 2, max: 8 });
  });
});

describe('events', () => {
  it('are stored once and read newest first within a range', () => {
    const { db, source } = workspaceDb();
    const events = [
      { ts: T0, type: 'PING', details: 'ping' },
      { ts: T0 + MIN, type: 'ATTN', details: 'file closed' },
    ];
    expect(insertEvents(db, source, events)).toBe(2);
    expect(insertEvents(db, source, events)).toBe(0);
    expect(eventsOf(db, [source]).map((e) => e.type)).toEqual(['ATTN', 'PING']);
    expect(eventsOf(db, [source], { from: T0, to: T0 + 1 }).map((e) => e.type)).toEqual(['PING']);
  });
});
