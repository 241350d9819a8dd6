import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectOsf } from '../../../src-main/osf/inspect';
import { openOsf, type OsfFile } from '../../../src-main/osf/reader';
import { OsfError, type SampleBatch } from '../../../src-main/osf/types';
import { osfFile, osfHeader, type FixtureChannel, type FixtureHeader } from './osf-fixture';

const SAMPLES = join(__dirname, '../../fixtures/osf');
const dir = mkdtempSync(join(tmpdir(), 'osf-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_700_000_000_123_456_789n;

function write(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

async function readAll(osf: OsfFile): Promise<SampleBatch[]> {
  const out: SampleBatch[] = [];
  for await (const b of osf.samples()) out.push(b);
  return out;
}

/** Samples of one channel and kind, batches joined. */
function series(batches: SampleBatch[], index: number, kind: SampleBatch['kind']) {
  const picked = batches.filter((b) => b.channel.index === index && b.kind === kind);
  return {
    tsNs: picked.flatMap((b) => Array.from(b.tsNs)),
    ts: picked.flatMap((b) => Array.from(b.ts)),
    values: picked.flatMap((b) => Array.from(b.values as ArrayLike<number | string>)),
  };
}

async function readBytes(bytes: Buffer, name = 'f.osf') {
  const osf = await openOsf(write(name, bytes));
  const batches = await readAll(osf);
  return { osf, batches };
}

describe('real sample files', () => {
  it('reads example.osf: 57 channels, strings, gps with latitude first, no warnings', async () => {
    const osf = await openOsf(join(SAMPLES, 'example.osf'));
    expect(osf.header.magic).toBe('OCEAN_STREAM_FORMAT4');
    expect(osf.header.root).toBe('optimeas');
    expect(osf.header.channels).toHaveLength(57);
    expect(osf.header.creator).toBe('21004900008');
    const rssi = osf.header.channels.find((c) => c.name === 'System.Modem.RSSI');
    expect(rssi?.unit).toBe('dBm');
    const batches = await readAll(osf);
    expect(osf.warnings).toEqual([]);
    expect(osf.truncated).toBe(false);
    const name = series(batches, 3, 'text');
    expect(name.values[0]).toBe('smartRAIL-S_Colibri_STH');
    const gps = series(batches, 40, 'gps');
    expect(gps.ts).toHaveLength(362);
    const latitude = Number(osf.header.infos.find((i) => i.name === 'latitude_deg')?.value);
    expect(gps.values[0]).toBeCloseTo(latitude, 3);
    expect(gps.values[1]).toBeCloseTo(8.645868, 3);
    const posFix = series(batches, 0, 'number');
    expect(posFix.tsNs[0]).toBe(1699026476262229606n);
    expect(posFix.ts[0]).toBe(1699026476262229);
    expect(posFix.values[0]).toBe(3);
  });

  it('reads osf4_ruvvi.osf: 23 channels, header, MAC addresses', async () => {
    const osf = await openOsf(join(SAMPLES, 'osf4_ruvvi.osf'));
    expect(osf.header.channels).toHaveLength(23);
    expect(osf.header.creator).toBe('17002700018');
    expect(osf.header.createdUtc).toBe('2023-09-04T09:01:45Z');
    expect(osf.header.infos.find((i) => i.name === 'libosf')?.value).toBe('355b1caa');
    const batches = await readAll(osf);
    expect(osf.warnings).toEqual([]);
    const mac = series(batches, 20, 'text');
    expect(mac.values).toEqual(['C5:01:03:50:AF:9A', 'C5:01:03:50:AF:9A', 'C5:01:03:50:AF:9A']);
    // The Python reader's test: these two channels hold 10 samples together.
    expect(series(batches, 19, 'number').values.length + mac.values.length).toBe(10);
    expect(series(batches, 19, 'number').values[0]).toBe(Math.fround(3.108));
  });

  it('refuses OSF3 and non-OSF files with a typed error', async () => {
    await expect(openOsf(join(SAMPLES, 'osf3.osf'))).rejects.toMatchObject({
      code: 'unsupported-version',
      message: expect.stringMatching(/OSF3/),
    });
    await expect(openOsf(join(SAMPLES, 'README.md'))).rejects.toBeInstanceOf(OsfError);
    await expect(openOsf(join(SAMPLES, 'README.md'))).rejects.toMatchObject({ code: 'not-osf' });
    await expect(openOsf(write('short.osf', Buffer.from('OSF4 500\n<osf>')))).rejects.toMatchObject({
      code: 'bad-header',
    });
  });

  it('inspects a file: counts, first/last, min/max per channel', async () => {
    const r = await inspectOsf(join(SAMPLES, 'osf4_ruvvi.osf'));
    const battery = r.channels.find((c) => c.channel.name === 'Ruuvi.Sensor.Motor.BatteryVoltage');
    expect(battery?.count).toBe(7);
    expect(battery?.min).toBeLessThanOrEqual(battery?.max ?? -1);
    expect(battery?.firstNs).toBeTypeOf('bigint');
  });
});

const ALL_TYPES: FixtureChannel[] = [
  { index: 0, name: 'b', datatype: 'bool' },
  { index: 1, name: 'i8', datatype: 'int8' },
  { index: 2, name: 'i16', datatype: 'int16' },
  { index: 3, name: 'i32', datatype: 'int32' },
  { index: 4, name: 'i64', datatype: 'int64' },
  { index: 5, name: 'u8', datatype: 'uint8' },
  { index: 6, name: 'u16', datatype: 'uint16' },
  { index: 7, name: 'u32', datatype: 'uint32' },
  { index: 8, name: 'u64', datatype: 'uint64' },
  { index: 9, name: 'f', datatype: 'float', unit: ' V ' },
  { index: 10, name: 'd', datatype: 'double' },
  { index: 11, name: 's', datatype: 'string', sizeOfLength: 4 },
  { index: 12, name: 'gps', datatype: 'gpslocation' },
  { index: 13, name: 'scaled', datatype: 'int16', attributes: { scale: '0.5', offset: '10' } },
];

describe('datatypes', () => {
  const cases: [number, number[], number[]][] = [
    [0, [1, 0], [1, 0]],
    [1, [-128, 127], [-128, 127]],
    [2, [-32768, 32767], [-32768, 32767]],
    [3, [-2147483648, 2147483647], [-2147483648, 2147483647]],
    [5, [0, 255], [0, 255]],
    [6, [0, 65535], [0, 65535]],
    [7, [0, 4294967295], [0, 4294967295]],
    [9, [1.1, -2.5], [Math.fround(1.1), -2.5]],
    [10, [Math.PI, -1e300], [Math.PI, -1e300]],
    [13, [-4, 7], [8, 13.5]],
  ];

  it('decodes every numeric type exactly, single and several per block', async () => {
    const { osf, batches } = await readBytes(
      osfFile({ channels: ALL_TYPES }, (w) => {
        for (const [index, written] of cases) {
          w.abs(index, [[T0, written[0]]], false);
          w.abs(index, [[T0 + 1000n, written[1]]], true);
        }
        w.abs(4, [
          [T0, -(2n ** 53n) + 1n],
          [T0 + 1n, 2n ** 53n - 1n],
        ]);
        w.abs(8, [
          [T0, 0n],
          [T0 + 1n, 2n ** 53n],
        ]);
      }),
    );
    expect(osf.warnings).toEqual([]);
    for (const [index, , expected] of cases)
      expect(series(batches, index, 'number').values, `channel ${index}`).toEqual(expected);
    expect(series(batches, 4, 'number').values).toEqual([-(2 ** 53) + 1, 2 ** 53 - 1]);
    expect(series(batches, 8, 'number').values).toEqual([0, 2 ** 53]);
    expect(osf.header.channels[9].unit).toBe('V');
  });

  it('decodes strings (data blocks and message events) and gps triples', async () => {
    const { osf, batches } = await readBytes(
      osfFile({ channels: ALL_TYPES }, (w) => {
        w.message(11, T0, 'AA:BB');
        w.message(11, T0 + 1n, 'with NUL', true);
        w.abs(11, [[T0 + 2n, 'single ünïcode']], false);
        w.abs(11, [
          [T0 + 3n, 'x'],
          [T0 + 4n, ''],
        ]);
        w.abs(12, [
          [T0, [50.25, 8.64, 199.9]],
          [T0 + 5n, [-33.9, 151.2, -1]],
        ]);
      }),
    );
    expect(osf.warnings).toEqual([]);
    const s = series(batches, 11, 'text');
    expect(s.values).toEqual(['AA:BB', 'with NUL', 'single ünïcode', 'x', '']);
    expect(s.tsNs).toEqual([T0, T0 + 1n, T0 + 2n, T0 + 3n, T0 + 4n]);
    expect(series(batches, 12, 'gps').values).toEqual([50.25, 8.64, 199.9, -33.9, 151.2, -1]);
  });
});

describe('control bytes', () => {
  const channels: FixtureChannel[] = [
    { index: 0, name: 'eq', datatype: 'int32', timeIncrementNs: 250_000n },
    { index: 1, name: 'rel', datatype: 'double' },
    { index: 2, name: 'events', datatype: 'float' },
  ];

  it('equidistant start + continued data, several and single, with a time-base realign', async () => {
    const { osf, batches } = await readBytes(
      osfFile({ channels }, (w) => {
        w.start(0, T0, [1, 2, 3]);
        w.continued(0, [4], false);
        w.realign(0, T0 + 1_000_000n, 5_000_000n);
        w.continued(0, [5, 6]);
        w.start(0, T0 + 100_000_000n, [7], false);
      }),
    );
    expect(osf.warnings).toEqual([]);
    const eq = series(batches, 0, 'number');
    expect(eq.values).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const step = 250_000n;
    expect(eq.tsNs).toEqual([
      T0,
      T0 + step,
      T0 + 2n * step,
      T0 + 3n * step,
      T0 + 4n * step + 5_000_000n,
      T0 + 5n * step + 5_000_000n,
      T0 + 100_000_000n,
    ]);
    const realign = series(batches, 0, 'realign');
    expect(realign.tsNs).toEqual([T0 + 1_000_000n]);
    expect(realign.values).toEqual([5_000_000]);
  });

  it('relative stamps count from the last absolute stamp or trusted timestamp', async () => {
    const { osf, batches } = await readBytes(
      osfFile({ channels }, (w) => {
        w.abs(1, [[T0, 1.5]], false);
        w.rel(1, [
          [10, 2.5],
          [4_294_967_295, 3.5],
        ]);
        w.trusted(1, T0 + 10_000_000_000n);
        w.rel(1, [[7, 4.5]], false);
      }),
    );
    expect(osf.warnings).toEqual([]);
    const rel = series(batches, 1, 'number');
    expect(rel.values).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(rel.tsNs).toEqual([T0, T0 + 10n, T0 + 10n + 4_294_967_295n, T0 + 10_000_000_007n]);
    expect(series(batches, 1, 'trusted').tsNs).toEqual([T0 + 10_000_000_000n]);
  });

  it('status and message events, metadata updates, trailer and end marker', async () => {
    const header: FixtureHeader = { channels };
    const headerLength = osfHeader(header).length;
    const { osf, batches } = await readBytes(
      osfFile(header, (w) => {
        w.abs(2, [[T0, 1]], false);
        w.status(2, T0 + 5n, 0xdeadbeef);
        w.message(2, T0 + 6n, 'door open');
        w.metadata(2, '<channel name="events" physicalunit="kV"/>');
        w.trailer(
          '<trailer finalized_utc="2024-01-02T04:00:00Z" reason="maxFileLen_s"><channels count="3"><channel index="2" samples="1" last_ns="1"/></channels></trailer>',
          headerLength + w.length,
        );
      }),
    );
    expect(osf.warnings).toEqual([]);
    expect(osf.truncated).toBe(false);
    expect(series(batches, 2, 'status')).toMatchObject({ tsNs: [T0 + 5n], values: [0xdeadbeef] });
    expect(series(batches, 2, 'message')).toMatchObject({ tsNs: [T0 + 6n], values: ['door open'] });
    expect(osf.metadataUpdates).toEqual([{ channel: 2, text: '<channel name="events" physicalunit="kV"/>' }]);
    expect(osf.trailer?.attributes.reason).toBe('maxFileLen_s');
    expect(osf.trailer?.channels).toEqual([{ index: '2', samples: '1', last_ns: '1' }]);
  });

  it('skips blocks it cannot place, with one warning each', async () => {
    const { osf, batches } = await readBytes(
      osfFile({ channels: [...channels, { index: 3, name: 'blob', datatype: 'candata' }] }, (w) => {
        w.continued(0, [1], false); // continued before any start
        w.rel(1, [[1, 1]], false); // relative before any absolute stamp
        w.block(3, 8, Buffer.alloc(12));
        w.block(2, 0x7f, Buffer.alloc(3));
        w.abs(2, [[T0, 2]], false);
      }),
    );
    expect(osf.warnings).toHaveLength(4);
    expect(series(batches, 2, 'number').values).toEqual([2]);
  });

  it('converts ns to µs by floor; several samples within one µs keep their ns', async () => {
    const { batches } = await readBytes(
      osfFile({ channels }, (w) =>
        w.abs(1, [
          [1_000_000_000_000_000_999n, 1],
          [1_000_000_000_000_001_000n, 2],
          [-1n, 3],
        ]),
      ),
    );
    const s = series(batches, 1, 'number');
    expect(s.ts).toEqual([1_000_000_000_000_000, 1_000_000_000_000_001, -1]);
    expect(s.tsNs).toEqual([1_000_000_000_000_000_999n, 1_000_000_000_000_001_000n, -1n]);
  });
});

describe('dialects and containers', () => {
  const channels: FixtureChannel[] = [{ index: 0, name: 'x', datatype: 'double', unit: 'm' }];
  const blocks = (w: import('./osf-fixture').OsfBlocks) => w.abs(0, [[T0, 42]], false);

  it.each([
    ['OSF4 <osf>', { channels, magic: 'OSF4', root: 'osf' }],
    ['OCEAN_STREAM_FORMAT4 <optimeas>', { channels, magic: 'OCEAN_STREAM_FORMAT4', root: 'optimeas' }],
    ['OSF5 JSON', { channels, json: true, infos: [{ name: 'k', value: 'v' }] }],
  ] as [string, FixtureHeader][])('reads %s', async (_, header) => {
    const { osf, batches } = await readBytes(osfFile(header, blocks));
    expect(osf.header.channels[0]).toMatchObject({ name: 'x', unit: 'm', datatype: 'double' });
    expect(osf.header.creator).toBe('test-writer');
    expect(series(batches, 0, 'number').values).toEqual([42]);
    if (header.json)
      expect(osf.header).toMatchObject({ version: 5, metadataFormat: 'json', infos: [{ name: 'k', value: 'v' }] });
  });

  it.each([
    ['gzip', gzipSync],
    ['zlib', deflateSync],
  ] as const)('detects %s compression by content, whatever the name', async (kind, compress) => {
    const plain = osfFile({ channels }, blocks);
    for (const name of [`c.osfz`, `c-${kind}.osf`]) {
      const { osf, batches } = await readBytes(compress(plain), name);
      expect(osf.compression).toBe(kind);
      expect(series(batches, 0, 'number').values).toEqual([42]);
    }
  });

  it('reads from a Readable stream', async () => {
    const osf = await openOsf(Readable.from([osfFile({ channels }, blocks)]));
    expect(series(await readAll(osf), 0, 'number').values).toEqual([42]);
  });
});

describe('truncation', () => {
  const channels: FixtureChannel[] = [{ index: 0, name: 'x', datatype: 'double' }];
  const file = osfFile({ channels }, (w) => {
    w.abs(0, [[T0, 1]], false);
    w.abs(0, [
      [T0 + 1n, 2],
      [T0 + 2n, 3],
      [T0 + 3n, 4],
    ]);
  });

  it('reads up to the last whole sample of a cut file and says it was cut', async () => {
    // Cut inside the third sample of the second block.
    const { osf, batches } = await readBytes(file.subarray(0, file.length - 5));
    expect(osf.truncated).toBe(true);
    expect(osf.warnings.join()).toMatch(/cut off/);
    expect(series(batches, 0, 'number').values).toEqual([1, 2, 3]);
  });

  it('reads a cut gzip stream up to where it stops', async () => {
    const packed = gzipSync(file);
    const { osf, batches } = await readBytes(packed.subarray(0, packed.length - 12), 'cut.osfz');
    expect(osf.truncated).toBe(true);
    expect(series(batches, 0, 'number').values.length).toBeGreaterThan(0);
  });

  it('a whole file is not truncated', async () => {
    const { osf } = await readBytes(file);
    expect(osf.truncated).toBe(false);
  });
});

describe('large files', () => {
  it('streams a 50 MB file, including a block too large to buffer whole', async () => {
    const channels: FixtureChannel[] = [
      { index: 0, name: 'd', datatype: 'double' },
      { index: 1, name: 'big', datatype: 'float', sizeOfLength: 4, timeIncrementNs: 1000n },
    ];
    const file = join(dir, 'large.osf');
    const { createWriteStream } = await import('node:fs');
    const out = createWriteStream(file);
    out.write(osfHeader({ channels }));
    // One 6 MB equidistant block (1.5 M floats), then 2 000 blocks of 1 000 doubles with stamps.
    const bigCount = 1_500_000;
    const big = Buffer.alloc(7 + 1 + 8 + 4 + bigCount * 4);
    big.writeUInt16LE(1, 0);
    big.writeUInt32LE(big.length - 6, 2);
    big[6] = 0x86;
    big.writeBigInt64LE(T0, 7);
    big.writeUInt32LE(bigCount, 15);
    for (let i = 0; i < bigCount; i++) big.writeFloatLE(i, 19 + i * 4);
    out.write(big);
    const perBlock = 1000;
    let t = T0;
    for (let b = 0; b < 2_700; b++) {
      const block = Buffer.alloc(2 + 2 + 1 + 4 + perBlock * 16);
      block.writeUInt16LE(0, 0);
      block.writeUInt16LE(block.length - 4, 2);
      block[4] = 0x88;
      block.writeUInt32LE(perBlock, 5);
      for (let i = 0; i < perBlock; i++) {
        block.writeBigInt64LE((t += 1000n), 9 + i * 16);
        block.writeDoubleLE(i, 17 + i * 16);
      }
      out.write(block);
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));

    const osf = await openOsf(file);
    let doubles = 0;
    let floats = 0;
    for await (const batch of osf.samples()) {
      if (batch.channel.index === 0) doubles += batch.ts.length;
      else floats += batch.ts.length;
    }
    expect(doubles).toBe(2_700_000);
    expect(floats).toBe(bigCount);
    expect(osf.warnings).toEqual([]);
  }, 20_000);
});
