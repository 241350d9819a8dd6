import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertStream, type StreamInput } from '../../../src-main/store/catalog';
import { openStore, type Db } from '../../../src-main/store/db';
import type { Point } from '../../../src-main/model';
import { insertPoints } from '../../../src-main/store/points';

export interface FixtureStream extends Omit<StreamInput, 'accountId' | 'sourceId' | 'name'> {
  points: Point[];
}

/** A temp folder with a real store file; `cleanup` closes and removes both. */
export function tempStore(streams: readonly FixtureStream[]): { db: Db; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-export-'));
  const db = openStore(join(dir, 'store.sqlite'));
  db.transaction(() => {
    for (const s of streams) {
      const id = upsertStream(db, { ...s, accountId: null, sourceId: null, name: s.key }, 0);
      insertPoints(db, id, s.points);
    }
  })();
  return {
    db,
    dir,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0) * 1000; // µs

/** Streams from several vendors, with awkward numbers, text and sub-millisecond times. */
export const mixedStreams: FixtureStream[] = [
  {
    key: 'opti/123',
    vendor: 'opti',
    unit: 'mm',
    kind: 'number',
    points: [
      { ts: T0, value: 1.5 },
      { ts: T0 + 1_000, value: 1e-7 },
      { ts: T0 + 2_000, value: 1.5e21 },
      { ts: T0 + 3_000, value: -0.000001234 },
      { ts: T0 + 60_000_000, value: 0.1 + 0.2 },
      { ts: T0 + 86_400_000_000, value: -42 },
      { ts: T0 + 86_400_001_000, value: null },
    ],
  },
  {
    key: 'opensense/ch-7',
    vendor: 'opensense',
    unit: '°C',
    kind: 'number',
    points: [
      { ts: T0 + 1, value: 20.25 },
      { ts: T0 + 999, value: 20.5 },
      { ts: T0 + 1_000, value: 20.75 },
      { ts: T0 + 1_001, value: 21 },
    ],
  },
  {
    key: 'opticloud/dev1/door',
    vendor: 'opticloud',
    unit: '',
    kind: 'enum',
    enumLabels: { '0': 'closed', '1': 'open' },
    points: [
      { ts: T0, value: 1 },
      { ts: T0 + 500_000, value: 0 },
    ],
  },
  {
    key: 'realtime/s1/n2/note',
    vendor: 'realtime',
    unit: '',
    kind: 'text',
    points: [
      { ts: T0, value: 'plain' },
      { ts: T0 + 1_000, value: 'a, b' },
      { ts: T0 + 2_000, value: 'say "hi"' },
      { ts: T0 + 3_000, value: 'line1\nline2\r\nline3' },
      { ts: T0 + 4_000, value: '=SUM(A1:A2)' },
      { ts: T0 + 5_000, value: '+1' },
      { ts: T0 + 6_000, value: '-x' },
      { ts: T0 + 7_000, value: '@cmd' },
      { ts: T0 + 8_000, value: '\tindent' },
      { ts: T0 + 9_000, value: 'semi;colon|pipe' },
      { ts: T0 + 10_000, value: 'ünïcödé 🌊' },
      { ts: T0 + 11_000, value: '' },
    ],
  },
];

/** What a long export must hold, read straight from SQLite: order by stream column, vendor, ts. */
export function storedRows(db: Db, keys?: readonly string[]) {
  const rows = db
    .prepare(
      `SELECT s.vendor AS vendor, substr(s.key, length(s.vendor) + 2) AS stream, p.ts AS ts, p.value AS value
         FROM points p JOIN streams s ON s.id = p.stream_id
        ORDER BY stream, vendor, p.ts`,
    )
    .all() as { vendor: string; stream: string; ts: number; value: number | string | null }[];
  return keys ? rows.filter((r) => keys.includes(`${r.vendor}/${r.stream}`)) : rows;
}

/** RFC 3339 UTC the slow, obvious way (Date), to check the fast formatter against. */
export function isoUtc(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  const iso = new Date(ms).toISOString();
  return micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** ISO text (any offset, up to 6 fractional digits) back to µs, independently of the writers. */
export function isoToMicros(text: string): number {
  const m = /^(.*\.\d{3})(\d{3})?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) throw new Error(`not RFC 3339 with 3 or 6 fractional digits: ${text}`);
  return Date.parse(m[1] + m[3]) * 1000 + Number(m[2] ?? 0);
}
