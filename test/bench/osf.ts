/**
 * OSF benchmark (issue 9): a generated ~200 MB OSF4 file and its .osfz, read by `openOsf` through
 * every sample, beside `gzip -dc` of the same .osfz to /dev/null as the floor. Each read runs in a
 * child process, so its peak RSS is the reader's and not the generator's.
 * Prints figures only. Standalone: `npx tsx test/bench/osf.ts [MB]`.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { openOsf } from '../../src-main/osf/reader';
import { OsfBlocks, osfHeader, type FixtureChannel } from '../unit/osf/osf-fixture';
import { tsxArgs } from './child';
import { fmt, peakRssMb, report } from './measure';

const MB = 2 ** 20;
const START_NS = 1_735_689_600_000_000_000n; // 2025-01-01T00:00:00Z
const TWO32 = 2 ** 32;

/**
 * A logger's mix: eight time-stamped double channels at 100 Hz in multi-value blocks of 64
 * (int64 ns + double each, as smartCORE devices write them), four equidistant int16 channels at
 * 1 kHz with a scale (a start block, then continued blocks of 500), and a status text now and then.
 */
const DOUBLES = 8;
const DOUBLE_PERIOD_NS = 10_000_000;
const DOUBLES_PER_BLOCK = 64;
const INT16S = 4;
const INT16_PERIOD_NS = 1_000_000;
const INT16S_PER_BLOCK = 500;
/** One step of the generator: 640 ms, i.e. one double block per channel and 1.28 int16 blocks. */
const STEP_NS = DOUBLES_PER_BLOCK * DOUBLE_PERIOD_NS;
const TEXT_EVERY_STEPS = 500;

const channels: FixtureChannel[] = [
  ...Array.from({ length: DOUBLES }, (_, i) => ({
    index: i,
    name: `Vehicle.Sensor${i}.Value`,
    datatype: 'double',
    unit: i % 2 ? 'bar' : '°C',
  })),
  ...Array.from({ length: INT16S }, (_, i) => ({
    index: DOUBLES + i,
    name: `Vehicle.Accel${i}`,
    datatype: 'int16',
    unit: 'm/s²',
    timeIncrementNs: BigInt(INT16_PERIOD_NS),
    attributes: { scale: '0.001', offset: '0' },
  })),
  { index: DOUBLES + INT16S, name: 'System.Status', datatype: 'string', sizeOfLength: 4 },
];

/** int64 ns as its two little-endian words, from a BigInt base plus a small offset (no BigInt per sample). */
function writeNs(buf: Buffer, at: number, baseHi: number, baseLo: number, offsetNs: number): number {
  const lo = baseLo + offsetNs;
  buf.writeUInt32LE(lo % TWO32, at);
  buf.writeInt32LE(baseHi + Math.floor(lo / TWO32), at + 4);
  return at + 8;
}

function doubleBody(channel: number, step: number): Buffer {
  const t0 = START_NS + BigInt(step) * BigInt(STEP_NS);
  const hi = Number(t0 >> 32n);
  const lo = Number(t0 & 0xffffffffn);
  const body = Buffer.allocUnsafe(4 + DOUBLES_PER_BLOCK * 16);
  let at = body.writeUInt32LE(DOUBLES_PER_BLOCK, 0);
  for (let i = 0; i < DOUBLES_PER_BLOCK; i++) {
    const n = step * DOUBLES_PER_BLOCK + i;
    // A few microseconds of jitter, as real time-stamped channels have.
    at = writeNs(body, at, hi, lo, i * DOUBLE_PERIOD_NS + ((n * 7919 + channel * 104729) % 5000));
    at = body.writeDoubleLE(20 + channel + Math.sin(n / 300 + channel) * 5 + (n % 7) * 0.001, at);
  }
  return body;
}

function int16Values(channel: number, first: number, count: number): Buffer {
  const body = Buffer.allocUnsafe(4 + count * 2);
  let at = body.writeUInt32LE(count, 0);
  for (let i = 0; i < count; i++) at = body.writeInt16LE(Math.round(Math.sin((first + i) / 50 + channel) * 9000), at);
  return body;
}

async function flush(out: WriteStream, blocks: OsfBlocks): Promise<void> {
  if (!out.write(blocks.bytes())) await once(out, 'drain');
}

/** Streams an OSF4 file of about `targetBytes` to `file`, a few hundred blocks in memory at a time. */
async function writeBenchOsf(file: string, targetBytes: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(osfHeader({ magic: 'OCEAN_STREAM_FORMAT4', root: 'optimeas', creator: 'bench', channels }));
  const int16Sent = new Array<number>(INT16S).fill(0);
  let blocks = new OsfBlocks(channels);
  for (let step = 0; out.bytesWritten + out.writableLength + blocks.length < targetBytes; step++) {
    for (let c = 0; c < DOUBLES; c++) blocks.block(c, 0x88, doubleBody(c, step));
    const due = Math.floor(((step + 1) * STEP_NS) / INT16_PERIOD_NS);
    for (let c = 0; c < INT16S; c++)
      while (due - int16Sent[c] >= INT16S_PER_BLOCK) {
        const values = int16Values(c, int16Sent[c], INT16S_PER_BLOCK);
        if (int16Sent[c] === 0) {
          // Start block: int64 t0, then the count and values.
          const t0 = Buffer.alloc(8);
          t0.writeBigInt64LE(START_NS);
          blocks.block(DOUBLES + c, 0x86, Buffer.concat([t0, values]));
        } else blocks.block(DOUBLES + c, 0x85, values);
        int16Sent[c] += INT16S_PER_BLOCK;
      }
    if (step % TEXT_EVERY_STEPS === 0)
      blocks.message(DOUBLES + INT16S, START_NS + BigInt(step) * BigInt(STEP_NS), `state ${step % 3 ? 'run' : 'idle'}`);
    if (blocks.length > 4 * MB) {
      await flush(out, blocks);
      blocks = new OsfBlocks(channels);
    }
  }
  await flush(out, blocks);
  out.end();
  await once(out, 'finish');
}

interface ParseFigures {
  samples: number;
  batches: number;
  seconds: number;
  peakRssMb: number;
  rssBeforeMb: number;
  warnings: number;
}

/** The child's side: read every sample of `file` and print the figures as one JSON line. */
async function parseAndPrint(file: string): Promise<void> {
  const rssBeforeMb = process.memoryUsage().rss / MB;
  const started = performance.now();
  const osf = await openOsf(file);
  let samples = 0;
  let batches = 0;
  for await (const batch of osf.samples()) {
    samples += batch.ts.length;
    batches++;
  }
  const figures: ParseFigures = {
    samples,
    batches,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: peakRssMb(),
    rssBeforeMb,
    warnings: osf.warnings.length,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function parseInChild(file: string): ParseFigures {
  const [node, args] = tsxArgs(__filename, ['--parse', file]);
  return JSON.parse(
    execFileSync(node, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
  ) as ParseFigures;
}

function gzipFloorSeconds(file: string): number {
  const started = performance.now();
  execFileSync('bash', ['-c', 'gzip -dc "$0" > /dev/null', file]);
  return (performance.now() - started) / 1000;
}

export async function benchOsf(targetMb = 200): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-osf-'));
  try {
    const osfFile = join(dir, 'bench.osf');
    const osfzFile = join(dir, 'bench.osfz');
    const generated = performance.now();
    await writeBenchOsf(osfFile, targetMb * MB);
    await pipeline(createReadStream(osfFile), createGzip(), createWriteStream(osfzFile));
    const generateSeconds = (performance.now() - generated) / 1000;
    const osfMb = statSync(osfFile).size / MB;
    const osfzMb = statSync(osfzFile).size / MB;

    const plain = parseInChild(osfFile);
    const compressed = parseInChild(osfzFile);
    const floor = gzipFloorSeconds(osfzFile);
    report(`OSF: ${osfMb.toFixed(0)} MB file (${channels.length} channels), read through every sample`, {
      'generate + gzip, seconds (not timed below)': generateSeconds,
      '.osf size, MB': osfMb,
      '.osfz size, MB': osfzMb,
      samples: fmt(plain.samples),
      batches: fmt(plain.batches),
      'reader warnings': fmt(plain.warnings),
      '.osf parse, seconds': plain.seconds,
      '.osf parse, MB/s (target ≥ 100)': osfMb / plain.seconds,
      '.osf parse, samples/s': plain.samples / plain.seconds,
      '.osf child RSS before parse, MB': plain.rssBeforeMb,
      '.osf child peak RSS, MB (target < 200)': plain.peakRssMb,
      '.osfz parse, seconds': compressed.seconds,
      '.osfz parse, MB/s (uncompressed)': osfMb / compressed.seconds,
      '.osfz parse, samples/s': compressed.samples / compressed.seconds,
      '.osfz child peak RSS, MB': compressed.peakRssMb,
      'gzip -dc .osfz > /dev/null, seconds (floor)': floor,
      'gzip -dc, MB/s (uncompressed)': osfMb / floor,
      '.osfz parse / gzip -dc, time ratio': compressed.seconds / floor,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--parse' && process.argv[3]) {
  parseAndPrint(process.argv[3]).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
} else if (process.argv[1]?.endsWith(join('bench', 'osf.ts'))) {
  benchOsf(process.argv[2] ? Number(process.argv[2]) : undefined).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
