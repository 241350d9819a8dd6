import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { osfImportCommand, osfInspectCommand } from '../../../src-main/cli/osf';
import { importOsfFile, osfSourceName } from '../../../src-main/osf/import';
import { insertAccount, listSources, listStreams, streamByKey, upsertSource } from '../../../src-main/store/catalog';
import { openStore } from '../../../src-main/store/db';
import { countPoints, pointsInRange } from '../../../src-main/store/points';
import { osfFile, type FixtureChannel } from './osf-fixture';

const SAMPLES = join(__dirname, '../../fixtures/osf');
const dir = mkdtempSync(join(tmpdir(), 'osf-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let stores = 0;
const freshStore = () => openStore(join(dir, `store-${++stores}.sqlite`));
const now = () => 1_700_000_000_000;

function totalPoints(db: ReturnType<typeof openStore>): number {
  return listStreams(db).reduce((n, s) => n + countPoints(db, s.id), 0);
}

describe('importOsfFile', () => {
  it('imports example.osf: keys, units, kinds, gps components, source meta; twice changes nothing', async () => {
    const db = freshStore();
    const file = join(dir, 'example.osf');
    copyFileSync(join(SAMPLES, 'example.osf'), file);
    const first = await importOsfFile(db, file, { now });
    expect(first).toMatchObject({ source: 'example', alreadyImported: false, truncated: false, warnings: [] });
    expect(first.pointsAdded).toBeGreaterThan(2000);

    const rssi = streamByKey(db, 'osf/example/System.Modem.RSSI');
    expect(rssi).toMatchObject({ vendor: 'osf', unit: 'dBm', kind: 'number', accountId: null });
    const deviceName = streamByKey(db, 'osf/example/System.Device.Name');
    expect(deviceName?.kind).toBe('text');
    expect([...pointsInRange(db, deviceName!.id)][0].value).toBe('smartRAIL-S_Colibri_STH');
    const latitude = streamByKey(db, 'osf/example/GPS.Location.latitude');
    expect(countPoints(db, latitude!.id)).toBe(362);
    expect([...pointsInRange(db, latitude!.id)][0].value).toBeCloseTo(50.255053, 3);

    const source = listSources(db, null).find((s) => s.vendorRef === 'osf:example');
    expect(source?.meta).toMatchObject({
      osf: {
        creator: '21004900008',
        createdUtc: '2023-11-03T15:47:56Z',
        tag: 'preview',
        infos: { libosf: '355b1caa' },
      },
    });

    const streams = listStreams(db).length;
    const points = totalPoints(db);
    expect(points).toBe(first.pointsAdded);
    const second = await importOsfFile(db, file, { now: () => now() + 1 });
    expect(second).toMatchObject({ alreadyImported: true, pointsAdded: 0 });
    expect(listStreams(db)).toHaveLength(streams);
    expect(totalPoints(db)).toBe(points);
    expect(streamByKey(db, 'osf/example/System.Modem.RSSI')?.lastSeen).toBe(now());
  });

  it('keeps the first of samples sharing a microsecond and counts the rest', async () => {
    const db = freshStore();
    const channels: FixtureChannel[] = [{ index: 0, name: 'x', datatype: 'double', unit: 'V' }];
    const t = 1_700_000_000_000_000_000n;
    const file = join(dir, 'same-us.osfz');
    writeFileSync(
      file,
      osfFile({ channels }, (w) =>
        w.abs(0, [
          [t, 1],
          [t + 400n, 2],
          [t + 1000n, 3],
        ]),
      ),
    );
    const r = await importOsfFile(db, file, { now });
    expect(r).toMatchObject({ source: 'same-us', pointsAdded: 2, pointsIgnored: 1 });
    const id = streamByKey(db, 'osf/same-us/x')!.id;
    expect([...pointsInRange(db, id)]).toEqual([
      { ts: 1_700_000_000_000_000, value: 1 },
      { ts: 1_700_000_000_000_001, value: 3 },
    ]);
  });

  it('names the source by optiCLOUD device id, under the device, and stores events as text', async () => {
    const db = freshStore();
    insertAccount(db, {
      id: 'acc1',
      vendor: 'opticloud',
      name: 'oc',
      baseUrl: 'http://127.0.0.1',
      options: {},
      createdAt: 0,
    });
    const deviceSource = upsertSource(db, { accountId: 'acc1', vendorRef: 'dev-42', name: 'Logger 42' });
    const channels: FixtureChannel[] = [{ index: 0, name: 'Door', datatype: 'bool' }];
    const file = join(dir, '20220629_115750.osf');
    writeFileSync(
      file,
      osfFile({ channels }, (w) => {
        w.abs(0, [[1_700_000_000_000_000_000n, true]], false);
        w.status(0, 1_700_000_000_000_001_000n, 42);
        w.message(0, 1_700_000_000_000_002_000n, 'opened');
      }),
    );
    await importOsfFile(db, file, { accountId: 'acc1', deviceId: 'dev-42', now });
    const door = streamByKey(db, 'osf/dev-42/Door');
    expect(door).toMatchObject({ accountId: 'acc1', kind: 'number' });
    const events = streamByKey(db, 'osf/dev-42/Door.events');
    expect(events?.kind).toBe('text');
    expect([...pointsInRange(db, events!.id)].map((p) => p.value)).toEqual(['status 0x0000002a', 'opened']);
    const osfSource = listSources(db, 'acc1').find((s) => s.vendorRef === 'osf:dev-42');
    expect(osfSource?.parentId).toBe(deviceSource);
    expect(listSources(db, 'acc1').find((s) => s.id === deviceSource)?.name).toBe('Logger 42');
  });

  it('derives the source name from the file name without its extensions', () => {
    expect(osfSourceName('/a/b/20220629_115750.osfz')).toBe('20220629_115750');
    expect(osfSourceName('x.OSF')).toBe('x');
    expect(osfSourceName('x.osf.gz')).toBe('x');
  });
});

describe('CLI handlers', () => {
  it('osf inspect prints header, channels, warnings and truncation', async () => {
    const lines: string[] = [];
    await osfInspectCommand(join(SAMPLES, 'osf4_ruvvi.osf'), (l) => lines.push(l));
    expect(lines[0]).toBe('file: osf4_ruvvi.osf (OCEAN_STREAM_FORMAT4, XML <optimeas>, uncompressed)');
    expect(lines).toContain('creator: 17002700018');
    expect(lines).toContain('channels: 23');
    const battery = lines.find((l) => l.includes('Ruuvi.Sensor.Motor.BatteryVoltage'));
    expect(battery).toMatch(/\[V\]  float  count=7  first=2023-09-04T\d\d:\d\d:\d\d\.\d{9}Z/);
    expect(lines.at(-2)).toBe('warnings: none');
    expect(lines.at(-1)).toBe('truncated: no');
  });

  it('osf inspect refuses OSF3 with a clear message', async () => {
    await expect(osfInspectCommand(join(SAMPLES, 'osf3.osf'), () => {})).rejects.toThrow(/OSF3.*OSF4 and OSF5/);
  });

  it('osf import prints one line per file and skips a file already imported', async () => {
    const db = freshStore();
    const file = join(dir, 'osf4_ruvvi.osf');
    copyFileSync(join(SAMPLES, 'osf4_ruvvi.osf'), file);
    const lines: string[] = [];
    await osfImportCommand(db, [file, file], (l) => lines.push(l));
    expect(lines[0]).toMatch(/^osf4_ruvvi\.osf: source osf4_ruvvi, 23 streams, \d+ points added/);
    expect(lines[1]).toMatch(/already imported/);
  });
});
