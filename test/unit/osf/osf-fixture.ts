/**
 * A small OSF writer for tests: header (XML in both dialects, or JSON) and every block kind of
 * osfspecs/osf4_en.md, little-endian, times in int64 ns.
 */

export interface FixtureChannel {
  index: number;
  name: string;
  datatype: string;
  unit?: string;
  sizeOfLength?: 2 | 4;
  timeIncrementNs?: bigint;
  /** Extra attributes (scale, offset, ...). */
  attributes?: Record<string, string>;
}

export interface FixtureHeader {
  /** First word of the magic line; default `OSF4`. */
  magic?: string;
  /** XML root; default `osf`. Ignored for JSON. */
  root?: string;
  json?: boolean;
  creator?: string;
  createdUtc?: string;
  tag?: string;
  infos?: { name: string; value: string; datatype?: string }[];
  channels: FixtureChannel[];
}

export type FixtureValue = number | bigint | boolean | string | readonly [number, number, number];

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function channelAttributes(c: FixtureChannel): Record<string, string> {
  return {
    index: String(c.index),
    name: c.name,
    datatype: c.datatype,
    channeltype: 'scalar',
    sizeoflengthvalue: String(c.sizeOfLength ?? 2),
    physicalunit: c.unit ?? '',
    ...(c.timeIncrementNs ? { timeincrement: String(c.timeIncrementNs) } : {}),
    ...c.attributes,
  };
}

export function osfHeader(h: FixtureHeader): Buffer {
  const rootAttributes = {
    version: '1',
    creator: h.creator ?? 'test-writer',
    created_utc: h.createdUtc ?? '2024-01-02T03:04:05Z',
    tag: h.tag ?? 'preview',
    namespacesep: '.',
  };
  let body: string;
  if (h.json) {
    body = JSON.stringify({
      ...rootAttributes,
      channels: h.channels.map(channelAttributes),
      infos: (h.infos ?? []).map((i) => ({ datatype: 'string', ...i })),
    });
  } else {
    const attrs = (a: Record<string, string>): string =>
      Object.entries(a)
        .map(([k, v]) => `${k}="${xmlEscape(v)}"`)
        .join(' ');
    const root = h.root ?? 'osf';
    body = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<${root} ${attrs(rootAttributes)}>`,
      `  <channels count="${h.channels.length}">`,
      ...h.channels.map((c) => `    <channel ${attrs(channelAttributes(c))}/>`),
      '  </channels>',
      '  <infos>',
      ...(h.infos ?? []).map((i) => `    <info ${attrs({ datatype: 'string', ...i })}/>`),
      '  </infos>',
      `</${root}>`,
      '',
    ].join('\n');
  }
  const bytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`${h.magic ?? (h.json ? 'OSF5' : 'OSF4')} ${bytes.length}\n`, 'latin1'), bytes]);
}

const i64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(v);
  return b;
};
const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};

/** Bytes of one value as the channel's datatype stores it; strings get a uint32 length when `prefixed`. */
export function encodeValue(datatype: string, v: FixtureValue, prefixed = false): Buffer {
  const b = Buffer.alloc(8);
  switch (datatype) {
    case 'bool':
      return Buffer.from([v ? 1 : 0]);
    case 'int8':
      b.writeInt8(Number(v));
      return b.subarray(0, 1);
    case 'uint8':
      b.writeUInt8(Number(v));
      return b.subarray(0, 1);
    case 'int16':
      b.writeInt16LE(Number(v));
      return b.subarray(0, 2);
    case 'uint16':
      b.writeUInt16LE(Number(v));
      return b.subarray(0, 2);
    case 'int32':
      b.writeInt32LE(Number(v));
      return b.subarray(0, 4);
    case 'uint32':
      b.writeUInt32LE(Number(v));
      return b.subarray(0, 4);
    case 'int64':
      b.writeBigInt64LE(BigInt(v as number | bigint));
      return b;
    case 'uint64':
      b.writeBigUInt64LE(BigInt(v as number | bigint));
      return b;
    case 'float':
      b.writeFloatLE(Number(v));
      return b.subarray(0, 4);
    case 'double':
      b.writeDoubleLE(Number(v));
      return b;
    case 'gpslocation': {
      const g = Buffer.alloc(24);
      const [a, c, d] = v as readonly [number, number, number];
      g.writeDoubleLE(a, 0);
      g.writeDoubleLE(c, 8);
      g.writeDoubleLE(d, 16);
      return g;
    }
    case 'string': {
      const text = Buffer.from(String(v), 'utf8');
      return prefixed ? Buffer.concat([u32(text.length), text]) : text;
    }
    default:
      throw new Error(`fixture cannot encode ${datatype}`);
  }
}

/** Builds the binary part block by block. */
export class OsfBlocks {
  private readonly parts: Buffer[] = [];

  constructor(private readonly channels: FixtureChannel[]) {}

  private channel(index: number): FixtureChannel {
    const c = this.channels.find((x) => x.index === index);
    if (!c) throw new Error(`no channel ${index}`);
    return c;
  }

  /** A raw block: uint16 index, length (per channel), control byte, body. */
  block(index: number, control: number, body: Buffer): this {
    const sizeOfLength = index === 0xffff ? 4 : (this.channel(index).sizeOfLength ?? 2);
    const head = Buffer.alloc(2 + sizeOfLength + 1);
    head.writeUInt16LE(index, 0);
    const length = body.length + 1;
    if (sizeOfLength === 2) head.writeUInt16LE(length, 2);
    else head.writeUInt32LE(length, 2);
    head[2 + sizeOfLength] = control;
    this.parts.push(head, body);
    return this;
  }

  private several(count: number, severalValues: boolean): Buffer {
    return severalValues ? u32(count) : Buffer.alloc(0);
  }

  /** Control 8: absolute timestamps; bit 7 when `several`. */
  abs(index: number, samples: [bigint, FixtureValue][], several = samples.length > 1): this {
    const dt = this.channel(index).datatype;
    const body = samples.flatMap(([t, v]) => [i64(t), encodeValue(dt, v, several)]);
    return this.block(index, 8 | (several ? 0x80 : 0), Buffer.concat([this.several(samples.length, several), ...body]));
  }

  /** Control 7: uint32 ns since the previous sample. */
  rel(index: number, samples: [number, FixtureValue][], several = samples.length > 1): this {
    const dt = this.channel(index).datatype;
    const body = samples.flatMap(([d, v]) => [u32(d), encodeValue(dt, v, several)]);
    return this.block(index, 7 | (several ? 0x80 : 0), Buffer.concat([this.several(samples.length, several), ...body]));
  }

  /** Control 6: equidistant series starting at t0. */
  start(index: number, t0: bigint, values: FixtureValue[], several = values.length > 1): this {
    const dt = this.channel(index).datatype;
    const body = values.map((v) => encodeValue(dt, v, several));
    return this.block(
      index,
      6 | (several ? 0x80 : 0),
      Buffer.concat([i64(t0), this.several(values.length, several), ...body]),
    );
  }

  /** Control 5: equidistant series continuing the previous one. */
  continued(index: number, values: FixtureValue[], several = values.length > 1): this {
    const dt = this.channel(index).datatype;
    const body = values.map((v) => encodeValue(dt, v, several));
    return this.block(index, 5 | (several ? 0x80 : 0), Buffer.concat([this.several(values.length, several), ...body]));
  }

  trusted(index: number, t: bigint): this {
    return this.block(index, 1, i64(t));
  }

  realign(index: number, t: bigint, shiftNs: bigint): this {
    return this.block(index, 2, Buffer.concat([i64(t), i64(shiftNs)]));
  }

  status(index: number, t: bigint, word: number): this {
    return this.block(index, 3, Buffer.concat([i64(t), u32(word)]));
  }

  /** Control 4; `nul` adds the terminating NUL the spec describes (real files have none). */
  message(index: number, t: bigint, text: string, nul = false): this {
    const bytes = Buffer.from(text, 'utf8');
    return this.block(index, 4, Buffer.concat([i64(t), u32(bytes.length), bytes, Buffer.alloc(nul ? 1 : 0)]));
  }

  /** Control 0 on a channel: uint32 length + text + NUL (spec layout). */
  metadata(index: number, text: string): this {
    const bytes = Buffer.from(text, 'utf8');
    return this.block(index, 0, Buffer.concat([u32(bytes.length), bytes, Buffer.alloc(1)]));
  }

  /** Channel 0xFFFF, control 0, XML, then the 40-byte OSF_STREAM_END marker. */
  trailer(xml: string, offsetOfTrailer: number): this {
    this.block(0xffff, 0, Buffer.from(xml, 'utf8'));
    this.parts.push(Buffer.from(`OSF_STREAM_END ${offsetOfTrailer}`.padEnd(40, '='), 'latin1'));
    return this;
  }

  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** A whole file: header then blocks. */
export function osfFile(header: FixtureHeader, write: (blocks: OsfBlocks) => void): Buffer {
  const blocks = new OsfBlocks(header.channels);
  write(blocks);
  return Buffer.concat([osfHeader(header), blocks.bytes()]);
}
