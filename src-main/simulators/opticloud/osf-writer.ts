import { constants, crc32, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

/**
 * Writes OSF4 files the way optiMEAS smartCORE devices do (vendor-notes §2, osf4_en.md, and the real
 * samples in test/fixtures/osf): magic line `OCEAN_STREAM_FORMAT4 <n>`, n bytes of `<optimeas>` XML,
 * then little-endian blocks `uint16 channel, uint16|uint32 length, uint8 control, payload`:
 * doubles as absolute-timestamp blocks (0x08 one sample, 0x88 `uint32 N` + N × (int64 ns, double)),
 * strings as message events (0x04: int64 ns, uint32 L, L bytes of UTF-8, no terminator, as real files),
 * blocks of all channels interleaved in time order, and the optional 0xFFFF trailer.
 */

export interface OsfChannel {
  name: string;
  unit: string;
  datatype: 'double' | 'string';
}

export interface OsfSample {
  /** Nanoseconds since the epoch. */
  ns: bigint;
  value: number | string;
}

export interface OsfContent {
  creator: string;
  createdMs: number;
  tag: string;
  sequenceNumber: number;
  channels: { channel: OsfChannel; samples: OsfSample[] }[];
}

const CONTROL_ABS_TIMESTAMP = 0x08;
const CONTROL_MESSAGE_EVENT = 0x04;
const SEVERAL_VALUES = 0x80;
const TRAILER_CHANNEL = 0xffff;
/** Samples per numeric block: well inside a uint16 length (1 + 4 + 64 × 16 bytes). */
const SAMPLES_PER_BLOCK = 64;

function xmlAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function headerXml(content: OsfContent): string {
  const channels = content.channels
    .map(({ channel }, index) => {
      const lengthSize = channel.datatype === 'string' ? 4 : 2;
      return `        <channel datatype="${channel.datatype}" sizeoflengthvalue="${lengthSize}" index="${index}" channeltype="scalar" name="${xmlAttr(channel.name)}" physicalunit="${xmlAttr(channel.unit)}"/>`;
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<optimeas creator="${xmlAttr(content.creator)}" created_utc="${isoSeconds(content.createdMs)}" created_at_latitude="0" created_at_longitude="0" created_at_altitude="0" tag="${xmlAttr(content.tag)}" namespacesep="." reason="SEQUENCE" total_seq_no="${content.sequenceNumber}" triggered_seq_no="${content.sequenceNumber}">`,
    `    <channels count="${content.channels.length}">`,
    channels,
    '    </channels>',
    '    <infos>',
    '        <info name="libosf" datatype="string" value="tributary-simulator"/>',
    '    </infos>',
    '</optimeas>',
    '',
  ].join('\n');
}

interface Block {
  firstNs: bigint;
  bytes: Buffer;
}

function doubleBlock(index: number, samples: OsfSample[]): Block {
  const several = samples.length > 1;
  const payload = 1 + (several ? 4 : 0) + samples.length * 16;
  const buf = Buffer.alloc(2 + 2 + payload);
  buf.writeUInt16LE(index, 0);
  buf.writeUInt16LE(payload, 2);
  buf.writeUInt8(CONTROL_ABS_TIMESTAMP | (several ? SEVERAL_VALUES : 0), 4);
  let at = 5;
  if (several) at = buf.writeUInt32LE(samples.length, at);
  for (const s of samples) {
    at = buf.writeBigInt64LE(s.ns, at);
    at = buf.writeDoubleLE(Number(s.value), at);
  }
  return { firstNs: samples[0].ns, bytes: buf };
}

function stringBlock(index: number, sample: OsfSample): Block {
  const text = Buffer.from(String(sample.value), 'utf8');
  const payload = 1 + 8 + 4 + text.length;
  const buf = Buffer.alloc(2 + 4 + payload);
  buf.writeUInt16LE(index, 0);
  buf.writeUInt32LE(payload, 2);
  buf.writeUInt8(CONTROL_MESSAGE_EVENT, 6);
  buf.writeBigInt64LE(sample.ns, 7);
  buf.writeUInt32LE(text.length, 15);
  text.copy(buf, 19);
  return { firstNs: sample.ns, bytes: buf };
}

function trailerBlock(content: OsfContent, finalizedMs: number): Buffer {
  const channels = content.channels
    .map(({ samples }, index) => {
      const last = samples.length ? samples[samples.length - 1].ns : 0n;
      return `    <channel segments="1" samples="${samples.length}" index="${index}" last_ns="${last}"/>`;
    })
    .join('\n');
  const xml = Buffer.from(
    `<trailer finalized_utc="${isoSeconds(finalizedMs)}" reason="fileStartGrid_min">\n  <channels count="${content.channels.length}">\n${channels}\n  </channels>\n</trailer>\n`,
    'utf8',
  );
  const head = Buffer.alloc(7);
  head.writeUInt16LE(TRAILER_CHANNEL, 0);
  head.writeUInt32LE(1 + xml.length, 2);
  head.writeUInt8(0, 6);
  return Buffer.concat([head, xml]);
}

/** The OSF4 bytes of `content`; `finalizedMs` goes into the trailer. */
export function writeOsf4(content: OsfContent, finalizedMs: number): Buffer {
  const header = Buffer.from(headerXml(content), 'utf8');
  const blocks: Block[] = [];
  content.channels.forEach(({ channel, samples }, index) => {
    if (channel.datatype === 'string') for (const s of samples) blocks.push(stringBlock(index, s));
    else
      for (let i = 0; i < samples.length; i += SAMPLES_PER_BLOCK)
        blocks.push(doubleBlock(index, samples.slice(i, i + SAMPLES_PER_BLOCK)));
  });
  // Stable sort: channels' blocks interleave by time, as a device writes them.
  blocks.sort((a, b) => (a.firstNs < b.firstNs ? -1 : a.firstNs > b.firstNs ? 1 : 0));
  return Buffer.concat([
    Buffer.from(`OCEAN_STREAM_FORMAT4 ${header.length}\n`, 'ascii'),
    header,
    ...blocks.map((b) => b.bytes),
    trailerBlock(content, finalizedMs),
  ]);
}

/** `.osfz`: the same bytes, gzip- or zlib-compressed (both occur in the field). */
export function compressOsf(osf: Buffer, wrapper: 'gzip' | 'zlib'): Buffer {
  return wrapper === 'gzip' ? gzipSync(osf) : deflateSync(osf);
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const ZLIB_HEADER = Buffer.from([0x78, 0x01]);
const STORED_BLOCK_MAX = 65_535;
const ADLER_BASE = 65_521;

/** The optional 40-byte end marker `OSF_STREAM_END <pos>====`: readers stop there. */
function streamEndMarker(pos: number): Buffer {
  return Buffer.from(`OSF_STREAM_END ${pos}`.padEnd(40, '='), 'ascii');
}

/** Deflate stored blocks holding `data`, the last one final; they follow a sync flush, so start byte-aligned. */
function storedBlocks(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at === 0 || at < data.length; at += STORED_BLOCK_MAX) {
    const chunk = data.subarray(at, at + STORED_BLOCK_MAX);
    const head = Buffer.alloc(5);
    head.writeUInt8(at + STORED_BLOCK_MAX >= data.length ? 1 : 0, 0);
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    parts.push(head, chunk);
  }
  return Buffer.concat(parts);
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  // 5552 bytes is the most that can be summed before b may overflow 2^32 (zlib's NMAX).
  for (let start = 0; start < data.length; start += 5552) {
    const end = Math.min(start + 5552, data.length);
    for (let i = start; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= ADLER_BASE;
    b %= ADLER_BASE;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib's adler32_combine: the Adler-32 of A‖B from those of A and B and B's length. */
function adler32Combine(adlerA: number, adlerB: number, lengthB: number): number {
  const rem = lengthB % ADLER_BASE;
  const a = ((adlerA & 0xffff) + (adlerB & 0xffff) + ADLER_BASE - 1) % ADLER_BASE;
  const b =
    (((rem * (adlerA & 0xffff)) % ADLER_BASE) + (adlerA >>> 16) + (adlerB >>> 16) + ADLER_BASE - rem) % ADLER_BASE;
  return ((b << 16) | a) >>> 0;
}

/** Incompressible bytes for benchmark files, prepared once: as deflate stored blocks, with their checksums. */
export interface OsfFiller {
  bytes: Buffer;
  blocks: Buffer;
  adler32: number;
}

export function osfFiller(bytes: Buffer): OsfFiller {
  return { bytes, blocks: storedBlocks(bytes), adler32: adler32(bytes) };
}

/**
 * A benchmark's `.osfz`: the OSF, the end marker, then the filler (incompressible, so a ZIP of such
 * files is no smaller). Only the OSF part is deflated, once; each call joins it to the filler's stored
 * blocks, so the simulator keeps a few kB per file and a request costs a copy, not a compression.
 */
/** A file the simulator serves: its size, and its bytes on demand. */
export interface ServedFile {
  size: number;
  bytes: () => Buffer;
}

export function paddedOsfz(osf: Buffer, wrapper: 'gzip' | 'zlib', filler: OsfFiller): ServedFile {
  const content = Buffer.concat([osf, streamEndMarker(osf.length)]);
  const deflated = deflateRawSync(content, { finishFlush: constants.Z_SYNC_FLUSH });
  const total = content.length + filler.bytes.length;
  if (wrapper === 'zlib') {
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32Combine(adler32(content), filler.adler32, filler.bytes.length), 0);
    const size = ZLIB_HEADER.length + deflated.length + filler.blocks.length + trailer.length;
    return { size, bytes: () => Buffer.concat([ZLIB_HEADER, deflated, filler.blocks, trailer], size) };
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(filler.bytes, crc32(content)), 0);
  trailer.writeUInt32LE(total % 2 ** 32, 4);
  const size = GZIP_HEADER.length + deflated.length + filler.blocks.length + trailer.length;
  return { size, bytes: () => Buffer.concat([GZIP_HEADER, deflated, filler.blocks, trailer], size) };
}
