import type { Readable } from 'node:stream';
import { Accumulator, microsFromWords } from './batches';
import { openBytes, type ByteReader, type Compression } from './bytes';
import { parseXml, readHeader } from './header';
import type { BatchKind, OsfChannel, OsfHeader, OsfMetadataUpdate, OsfTrailer, SampleBatch } from './types';

/** Control byte, low 7 bits (spec "blockContent"); bit 7 set = the block holds several records. */
const BC_METADATA = 0;
const BC_TRUSTED_TIMESTAMP = 1;
const BC_TIMEBASE_REALIGN = 2;
const BC_STATUS_EVENT = 3;
const BC_MESSAGE_EVENT = 4;
const BC_CONTINUED_DATA = 5;
const BC_START_DATA = 6;
const BC_CONTINUED_REL_STAMP_DATA = 7;
const BC_ABS_TIMESTAMP_DATA = 8;
const SEVERAL = 0x80;

const TRAILER_CHANNEL = 0xffff;
/** Optional 40-byte magic trailer, `OSF_STREAM_END <pos>====`; its first two bytes read as index 0x534f. */
const STREAM_END = Buffer.from('OSF_STREAM_END', 'latin1');
const STREAM_END_INDEX = STREAM_END.readUInt16LE(0);

/** Blocks up to this size are buffered whole; larger multi-record blocks decode as they stream in. */
const WHOLE_BLOCK_MAX = 4 << 20;
const WINDOW = 1 << 20;
/** Samples buffered over all channels before every pending batch is handed out. */
const FLUSH_SAMPLES = 65536;
const FLUSH_TEXT_CHARS = 8 << 20;
const FIRST_CAPACITY = 256;
const METADATA_UPDATES_KEPT = 1000;
const TWO32 = 4294967296;

type NumberReader = (buf: Buffer, off: number) => number;

interface ValueCodec {
  /** Bytes per value; 0 for text (length-delimited). */
  width: number;
  kind: 'number' | 'gps' | 'text';
  read: NumberReader;
  /** scale/offset apply to integer datatypes only (spec). */
  integer: boolean;
  /** The layouts decodeNumbers reads inline. */
  layout?: 'f64' | 'f32' | 'i32' | 'i16';
}

const int64: NumberReader = (b, o) => b.readInt32LE(o + 4) * TWO32 + b.readUInt32LE(o);
const uint64: NumberReader = (b, o) => b.readUInt32LE(o + 4) * TWO32 + b.readUInt32LE(o);
const none: NumberReader = () => NaN;
const num = (width: number, read: NumberReader, integer: boolean, layout?: ValueCodec['layout']): ValueCodec => ({
  width,
  kind: 'number',
  read,
  integer,
  layout,
});

const CODECS: Record<string, ValueCodec> = {
  bool: num(1, (b, o) => (b[o] !== 0 ? 1 : 0), false),
  int8: num(1, (b, o) => b.readInt8(o), true),
  uint8: num(1, (b, o) => b[o], true),
  int16: num(2, (b, o) => b.readInt16LE(o), true, 'i16'),
  uint16: num(2, (b, o) => b.readUInt16LE(o), true),
  int32: num(4, (b, o) => b.readInt32LE(o), true, 'i32'),
  uint32: num(4, (b, o) => b.readUInt32LE(o), true),
  int64: num(8, int64, true),
  uint64: num(8, uint64, true),
  float: num(4, (b, o) => b.readFloatLE(o), false, 'f32'),
  double: num(8, (b, o) => b.readDoubleLE(o), false, 'f64'),
  string: { width: 0, kind: 'text', read: none, integer: false },
  // Three doubles. Real files hold latitude first (example.osf: 50.255…, matching its info
  // latitude_deg), although the spec's struct lists longitude first.
  gpslocation: { width: 24, kind: 'gps', read: none, integer: false },
};
CODECS.gpsdata = CODECS.gpslocation;

/** What a channel's data samples decode to, or null for a datatype the reader skips. */
export function datatypeKind(datatype: string): ValueCodec['kind'] | null {
  return CODECS[datatype]?.kind ?? null;
}

interface ChannelState {
  channel: OsfChannel;
  codec: ValueCodec | null;
  incrementNs: number;
  /** The channel's clock: time of its last sample (int64 ns as high signed / low unsigned words). */
  hi: number;
  lo: number;
  clocked: boolean;
  scaled: boolean;
  accumulators: Partial<Record<BatchKind, Accumulator>>;
}

/** A block being decoded: kind, records still expected, whether the next START sample sits on the clock. */
interface BlockPlan {
  kind: number;
  left: number;
  several: boolean;
  onClock: boolean;
  /** Offset in the buffer of the first record. */
  bodyStart: number;
}

/** A block too large to buffer whole; blockEnd is an absolute stream offset. */
interface LargeBlock {
  state: ChannelState;
  plan: BlockPlan;
  blockEnd: number;
}

export interface OsfFile {
  header: OsfHeader;
  compression: Compression;
  /** Every batch of samples and events, in file order per channel. Can be iterated once. */
  samples(): AsyncIterable<SampleBatch>;
  /** Filled while iterating: problems met that did not stop the read. */
  readonly warnings: string[];
  /** Set once iteration ends: the file stopped inside a block (a cut-off recording). */
  readonly truncated: boolean;
  readonly trailer: OsfTrailer | null;
  readonly metadataUpdates: OsfMetadataUpdate[];
  /** Stops reading early and releases the file. */
  close(): Promise<void>;
}

/** Opens an OSF4/OSF5 file (plain or gzip/zlib-compressed) and reads its header; data streams on demand. */
export async function openOsf(input: string | Readable): Promise<OsfFile> {
  const { reader, compression } = await openBytes(input);
  let header: OsfHeader;
  try {
    header = await readHeader(reader);
  } catch (err) {
    await reader.close();
    throw err;
  }
  const decoder = new BlockDecoder(reader, header);
  let started = false;
  return {
    header,
    compression,
    samples() {
      if (started) throw new Error('OSF samples can be iterated once per openOsf.');
      started = true;
      return decoder.batches();
    },
    get warnings() {
      return decoder.warnings;
    },
    get truncated() {
      return decoder.truncated;
    },
    get trailer() {
      return decoder.trailer;
    },
    get metadataUpdates() {
      return decoder.metadataUpdates;
    },
    close: () => reader.close(),
  };
}

class BlockDecoder {
  readonly warnings: string[] = [];
  truncated = false;
  trailer: OsfTrailer | null = null;
  readonly metadataUpdates: OsfMetadataUpdate[] = [];
  private readonly states: (ChannelState | undefined)[] = [];
  private ready: SampleBatch[] = [];
  private buffered = 0;
  private bufferedText = 0;
  private readonly warned = new Set<string>();

  constructor(
    private readonly r: ByteReader,
    header: OsfHeader,
  ) {
    for (const channel of header.channels) {
      const codec = CODECS[channel.datatype] ?? null;
      this.states[channel.index] = {
        channel,
        codec,
        incrementNs: Number(channel.timeIncrementNs),
        hi: 0,
        lo: 0,
        clocked: false,
        scaled: codec !== null && codec.integer && (channel.scale !== 1 || channel.offset !== 0),
        accumulators: {},
      };
    }
  }

  async *batches(): AsyncGenerator<SampleBatch> {
    try {
      for (;;) {
        // Blocks already in the buffer decode synchronously; the async path handles chunk edges.
        while (this.ready.length === 0 && this.decodeBufferedBlock());
        if (this.ready.length > 0) {
          yield* this.takeReady();
          continue;
        }
        if (!(await this.nextBlock())) break;
        if (this.ready.length > 0) yield* this.takeReady();
        if (this.largeBlock) yield* this.decodeLargeBlock(this.largeBlock);
      }
      if (this.r.inputError) this.warn(`reading stopped: ${this.r.inputError.message}`);
      this.flushAll();
      yield* this.takeReady();
    } finally {
      await this.r.close();
    }
  }

  /** Set by nextBlock when a large block is to be streamed by decodeLargeBlock. */
  private largeBlock: LargeBlock | null = null;

  /** Decodes the next block if it lies whole in the buffer and is an ordinary one; else false. */
  private decodeBufferedBlock(): boolean {
    const r = this.r;
    const available = r.available;
    if (available < 4) return false;
    const index = r.buf.readUInt16LE(r.pos);
    const state = this.states[index];
    if (!state || index === STREAM_END_INDEX) return false;
    const lengthSize = state.channel.sizeOfLength;
    if (available < 2 + lengthSize) return false;
    const length = lengthSize === 2 ? r.buf.readUInt16LE(r.pos + 2) : r.buf.readUInt32LE(r.pos + 2);
    if (length === 0 || length > WHOLE_BLOCK_MAX || available < 2 + lengthSize + length) return false;
    r.pos += 2 + lengthSize;
    this.decodeBlockBody(state, length, true);
    r.pos += length;
    this.flushIfFull();
    return true;
  }

  /** Decodes one block, waiting for input as needed; false when the file ends (cleanly or not). */
  private async nextBlock(): Promise<boolean> {
    const r = this.r;
    this.largeBlock = null;
    if (r.available < 2 && !(await r.ensure(2))) {
      if (r.available > 0) this.cut('inside a block header');
      return false;
    }
    const index = r.buf.readUInt16LE(r.pos);
    if (index === TRAILER_CHANNEL) return this.readTrailer();
    if (index === STREAM_END_INDEX && (await this.atStreamEnd())) return false;
    const state = this.states[index];
    if (!state) {
      this.warn(`unknown channel index ${index} at byte ${r.offset}; the rest of the file cannot be decoded`);
      return false;
    }
    const lengthSize = state.channel.sizeOfLength;
    if (r.available < 2 + lengthSize && !(await r.ensure(2 + lengthSize))) {
      this.cut('inside a block header');
      return false;
    }
    const length = lengthSize === 2 ? r.buf.readUInt16LE(r.pos + 2) : r.buf.readUInt32LE(r.pos + 2);
    r.pos += 2 + lengthSize;
    if (length === 0) {
      this.warnOnce(state, 'empty', 'has empty blocks (skipped)');
      return true;
    }
    if (length > WHOLE_BLOCK_MAX && (await this.planLargeBlock(state, r.offset + length))) return true;
    const whole = r.available >= length || (await r.ensure(length));
    this.decodeBlockBody(state, length, whole);
    if (!whole) {
      r.pos = r.buf.length;
      this.cut(`inside a block of channel ${state.channel.index}`);
      return false;
    }
    r.pos += length;
    this.flushIfFull();
    return true;
  }

  /** Decodes the block body at `pos` (all of it when `whole`, else what the cut-off buffer holds). */
  private decodeBlockBody(state: ChannelState, length: number, whole: boolean): void {
    const r = this.r;
    const blockEnd = r.pos + length;
    const end = Math.min(blockEnd, r.buf.length);
    const plan = end > r.pos ? this.planBlock(state, r.buf, r.pos, end, blockEnd) : null;
    if (!plan) return;
    let p = plan.bodyStart;
    for (;;) {
      const next = this.decodeRecords(state, plan, r.buf, p, end, blockEnd);
      const progressed = next > p;
      p = next;
      this.flushIfFull();
      if (plan.left === 0 || !progressed) break;
    }
    if (whole) this.checkBlockRest(state, plan, p, end);
  }

  /** Reads the control byte and the block head in [pos, end); null when the block is skipped. */
  private planBlock(state: ChannelState, buf: Buffer, pos: number, end: number, blockEnd: number): BlockPlan | null {
    const control = buf[pos];
    const kind = control & 0x7f;
    const several = (control & SEVERAL) !== 0;
    let p = pos + 1;
    if (kind === BC_METADATA) {
      if (blockEnd <= end) this.readMetadata(state.channel.index, buf, p, blockEnd);
      return null;
    }
    if (kind > BC_ABS_TIMESTAMP_DATA) {
      this.warnOnce(state, `control-${kind}`, `has blocks of unknown kind ${kind} (skipped)`);
      return null;
    }
    if (!this.checkKind(state, kind)) return null;
    let onClock = false;
    if (kind === BC_START_DATA) {
      if (p + 8 > end) return null;
      state.lo = buf.readUInt32LE(p);
      state.hi = buf.readInt32LE(p + 4);
      state.clocked = true;
      onClock = true;
      p += 8;
    }
    let left = 1;
    if (several) {
      if (p + 4 > end) return null;
      left = buf.readUInt32LE(p);
      p += 4;
    }
    return { kind, left, several, onClock, bodyStart: p };
  }

  /** Whether a block of this kind can be decoded for the channel now; warns once otherwise. */
  private checkKind(state: ChannelState, kind: number): boolean {
    const dataKind = kind >= BC_CONTINUED_DATA;
    if (dataKind && !state.codec) {
      this.warnOnce(
        state,
        'datatype',
        `has datatype "${state.channel.datatype}", which the reader does not decode (skipped)`,
      );
      return false;
    }
    if ((kind === BC_CONTINUED_DATA || kind === BC_START_DATA) && state.incrementNs <= 0) {
      this.warnOnce(state, 'no-increment', 'has equidistant blocks but no timeincrement (skipped)');
      return false;
    }
    if ((kind === BC_CONTINUED_DATA || kind === BC_CONTINUED_REL_STAMP_DATA) && !state.clocked) {
      this.warnOnce(state, 'no-clock', 'continues a time line that never started (blocks skipped)');
      return false;
    }
    return true;
  }

  /**
   * Decodes whole records in buf[p, end) for the plan; returns the offset after the last one.
   * `blockEnd` (in buf coordinates) bounds a single text value that runs to the end of its block.
   */
  private decodeRecords(
    state: ChannelState,
    plan: BlockPlan,
    buf: Buffer,
    p: number,
    end: number,
    blockEnd: number,
  ): number {
    const { kind } = plan;
    const codec = state.codec;
    if (kind >= BC_CONTINUED_DATA && codec?.kind === 'number')
      return this.decodeNumbers(state, codec, plan, buf, p, end);
    const textValues = kind >= BC_CONTINUED_DATA && codec?.kind === 'text';
    const width = kind >= BC_CONTINUED_DATA && codec ? codec.width : 0;
    const timeBytes =
      kind === BC_CONTINUED_REL_STAMP_DATA ? 4 : kind === BC_CONTINUED_DATA || kind === BC_START_DATA ? 0 : 8;
    const eventBytes = kind === BC_TIMEBASE_REALIGN ? 8 : kind === BC_STATUS_EVENT || kind === BC_MESSAGE_EVENT ? 4 : 0;
    const fixed = timeBytes + width + eventBytes;
    let budget = FLUSH_SAMPLES;
    while (plan.left > 0 && p + fixed <= end && budget-- > 0) {
      // Variable-length part (text) first: a record is taken only when it is whole.
      let textStart = 0;
      let textEnd = 0;
      let next = p + fixed;
      if (kind === BC_MESSAGE_EVENT) {
        textStart = next;
        textEnd = textStart + buf.readUInt32LE(p + 8);
        // A lone message owns its block: the spec's terminating NUL after the text is consumed too.
        if (!plan.several) textEnd = Math.min(textEnd, blockEnd);
        if (textEnd > end) break;
        next = plan.several ? textEnd : blockEnd;
      } else if (textValues) {
        if (plan.several) {
          if (next + 4 > end) break;
          textStart = next + 4;
          textEnd = textStart + buf.readUInt32LE(next);
        } else {
          textStart = next;
          textEnd = blockEnd;
        }
        if (textEnd > end) break;
        next = textEnd;
      }
      this.advanceClock(state, plan, kind, buf, p);
      this.pushRecord(state, kind, buf, p + timeBytes, textStart, textEnd);
      p = next;
      plan.left--;
    }
    return p;
  }

  /**
   * The hot path: a run of plain numeric samples (equidistant, relative or absolute stamps) decoded
   * straight into the channel's accumulator, the clock kept in locals. Same results as
   * advanceClock + pushRecord per record.
   */
  private decodeNumbers(
    state: ChannelState,
    codec: ValueCodec,
    plan: BlockPlan,
    buf: Buffer,
    p: number,
    end: number,
  ): number {
    const { kind } = plan;
    const timeBytes = kind === BC_CONTINUED_REL_STAMP_DATA ? 4 : kind === BC_ABS_TIMESTAMP_DATA ? 8 : 0;
    const fixed = timeBytes + codec.width;
    const count = Math.max(0, Math.min(plan.left, FLUSH_SAMPLES, Math.floor((end - p) / fixed)));
    if (count === 0) return p;
    const acc = this.accumulator(state, 'number');
    const { words, ts, nums } = acc.reserve(count);
    const read = codec.read;
    // DataView reads of the common widths compile inline; a call through `read` would not.
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    const layout = codec.layout;
    const { scale, offset } = state.channel;
    const scaled = state.scaled;
    const increment = state.incrementNs;
    let { hi, lo } = state;
    let onClock = plan.onClock;
    let i = acc.n;
    for (let k = 0; k < count; k++, i++, p += fixed) {
      if (kind === BC_ABS_TIMESTAMP_DATA) {
        lo = buf.readUInt32LE(p);
        hi = buf.readInt32LE(p + 4);
      } else {
        if (onClock) onClock = false;
        else lo += kind === BC_CONTINUED_REL_STAMP_DATA ? buf.readUInt32LE(p) : increment;
        if (lo >= TWO32 || lo < 0) {
          const carry = Math.floor(lo / TWO32);
          hi += carry;
          lo -= carry * TWO32;
        }
      }
      const v = p + timeBytes;
      const raw =
        layout === 'f64'
          ? view.getFloat64(v, true)
          : layout === 'i16'
            ? view.getInt16(v, true)
            : layout === 'f32'
              ? view.getFloat32(v, true)
              : layout === 'i32'
                ? view.getInt32(v, true)
                : read(buf, v);
      nums[i] = scaled ? raw * scale + offset : raw;
      words[2 * i] = lo | 0;
      words[2 * i + 1] = hi;
      ts[i] = microsFromWords(hi, lo);
    }
    acc.added(count);
    state.hi = hi;
    state.lo = lo;
    state.clocked = true;
    plan.onClock = onClock;
    plan.left -= count;
    this.buffered += count;
    return p;
  }

  private advanceClock(state: ChannelState, plan: BlockPlan, kind: number, buf: Buffer, p: number): void {
    if (kind === BC_CONTINUED_DATA || kind === BC_START_DATA) {
      if (plan.onClock) plan.onClock = false;
      else this.addToClock(state, state.incrementNs);
    } else if (kind === BC_CONTINUED_REL_STAMP_DATA) {
      this.addToClock(state, buf.readUInt32LE(p));
    } else if (kind === BC_ABS_TIMESTAMP_DATA || kind === BC_TRUSTED_TIMESTAMP) {
      // Absolute stamps set the clock that relative stamps count from; events leave it alone,
      // and a realign shifts it (pushRecord).
      state.lo = buf.readUInt32LE(p);
      state.hi = buf.readInt32LE(p + 4);
      state.clocked = true;
    }
  }

  private addToClock(state: ChannelState, deltaNs: number): void {
    let lo = state.lo + deltaNs;
    if (lo >= TWO32 || lo < 0) {
      const carry = Math.floor(lo / TWO32);
      state.hi += carry;
      lo -= carry * TWO32;
    }
    state.lo = lo;
  }

  private pushRecord(
    state: ChannelState,
    kind: number,
    buf: Buffer,
    v: number,
    textStart: number,
    textEnd: number,
  ): void {
    this.buffered++;
    if (kind >= BC_CONTINUED_DATA) {
      const codec = state.codec as ValueCodec;
      if (codec.kind === 'number') {
        const raw = codec.read(buf, v);
        const value = state.scaled ? raw * state.channel.scale + state.channel.offset : raw;
        this.accumulator(state, 'number').pushNumber(state.hi, state.lo, value);
      } else if (codec.kind === 'gps') {
        this.accumulator(state, 'gps').pushTriple(
          state.hi,
          state.lo,
          buf.readDoubleLE(v),
          buf.readDoubleLE(v + 8),
          buf.readDoubleLE(v + 16),
        );
      } else {
        this.pushTextValue(state, 'text', buf, textStart, textEnd, state.hi, state.lo);
      }
      return;
    }
    // Events carry their own time, which does not move the channel's clock.
    const lo = buf.readUInt32LE(v - 8);
    const hi = buf.readInt32LE(v - 4);
    if (kind === BC_TRUSTED_TIMESTAMP) this.accumulator(state, 'trusted').pushNumber(hi, lo, NaN);
    else if (kind === BC_TIMEBASE_REALIGN) {
      const shift = int64(buf, v);
      this.accumulator(state, 'realign').pushNumber(hi, lo, shift);
      if (state.clocked) this.addToClock(state, shift);
    } else if (kind === BC_STATUS_EVENT) this.accumulator(state, 'status').pushNumber(hi, lo, buf.readUInt32LE(v));
    else {
      // String channels: smartCORE writes every value as a message event (the Python reader agrees).
      const target = state.codec?.kind === 'text' ? 'text' : 'message';
      this.pushTextValue(state, target, buf, textStart, textEnd, hi, lo);
    }
  }

  private pushTextValue(
    state: ChannelState,
    kind: 'text' | 'message',
    buf: Buffer,
    textStart: number,
    textEnd: number,
    hi: number,
    lo: number,
  ): void {
    // The spec has texts end in a NUL (counted or not); real files have none. Drop trailing NULs.
    let e = textEnd;
    while (e > textStart && buf[e - 1] === 0) e--;
    const text = buf.toString('utf8', textStart, e);
    this.bufferedText += text.length;
    this.accumulator(state, kind).pushText(hi, lo, text);
  }

  private accumulator(state: ChannelState, kind: BatchKind): Accumulator {
    let acc = state.accumulators[kind];
    if (!acc) {
      const width = kind === 'gps' ? 3 : kind === 'text' || kind === 'message' ? 0 : 1;
      acc = state.accumulators[kind] = new Accumulator(state.channel, kind, FIRST_CAPACITY, width);
    }
    return acc;
  }

  /** After a whole block: records missing or bytes left over mean the writer and reader disagree. */
  private checkBlockRest(state: ChannelState, plan: BlockPlan, consumed: number, end: number): void {
    if (plan.left > 0)
      this.warnOnce(state, 'short', `has blocks shorter than their sample count (${plan.left} samples missing in one)`);
    else if (consumed < end) this.warnOnce(state, 'long', `has blocks with ${end - consumed} unread trailing bytes`);
  }

  /** Large blocks of fixed-size records stream through a window; true when taken on this path. */
  private async planLargeBlock(state: ChannelState, blockEnd: number): Promise<boolean> {
    const r = this.r;
    if (!(await r.ensure(13))) return false;
    const control = r.buf[r.pos];
    const kind = control & 0x7f;
    const textValues = kind >= BC_CONTINUED_DATA && state.codec?.kind === 'text';
    if (
      (control & SEVERAL) === 0 ||
      kind === BC_METADATA ||
      kind === BC_MESSAGE_EVENT ||
      kind > BC_ABS_TIMESTAMP_DATA ||
      textValues
    ) {
      return false;
    }
    const plan = this.planBlock(state, r.buf, r.pos, r.pos + 13, -1);
    if (!plan) {
      const skipped = await r.skip(blockEnd - r.offset);
      if (!skipped) this.cut(`inside a block of channel ${state.channel.index}`);
      return skipped;
    }
    r.pos = plan.bodyStart;
    this.largeBlock = { state, plan, blockEnd };
    return true;
  }

  private async *decodeLargeBlock({ state, plan, blockEnd }: LargeBlock): AsyncGenerator<SampleBatch> {
    const r = this.r;
    while (plan.left > 0 && r.offset < blockEnd) {
      const left = blockEnd - r.offset;
      const whole = r.available >= Math.min(left, WINDOW) || (await r.ensure(Math.min(left, WINDOW)));
      const end = r.pos + Math.min(left, r.available);
      const next = this.decodeRecords(state, plan, r.buf, r.pos, end, -1);
      const progressed = next > r.pos;
      r.pos = next;
      this.flushIfFull();
      if (this.ready.length > 0) yield* this.takeReady();
      if (!whole) {
        this.cut(`inside a block of channel ${state.channel.index}`);
        this.largeBlock = null;
        return;
      }
      if (!progressed) break;
    }
    if (plan.left > 0)
      this.warnOnce(state, 'short', `has blocks shorter than their sample count (${plan.left} samples missing in one)`);
    if (!(await r.skip(blockEnd - r.offset))) this.cut(`inside a block of channel ${state.channel.index}`);
  }

  private async readTrailer(): Promise<boolean> {
    const r = this.r;
    if (!(await r.ensure(6))) {
      this.cut('inside the trailer');
      return false;
    }
    const length = r.buf.readUInt32LE(r.pos + 2);
    r.pos += 6;
    if (!(await r.ensure(length))) {
      this.cut('inside the trailer');
      return false;
    }
    const text = metadataText(r.buf, r.pos + 1, r.pos + length);
    r.pos += length;
    try {
      const doc = parseXml(text);
      const root = doc.trailer;
      if (typeof root !== 'object' || root === null) throw new Error('no <trailer> element');
      const node = root as Record<string, unknown>;
      const channelsNode = node.channels as Record<string, unknown> | undefined;
      const list = channelsNode?.channel;
      const channels = (Array.isArray(list) ? list : list === undefined ? [] : [list]) as Record<string, unknown>[];
      this.trailer = { attributes: stringsOf(node), channels: channels.map(stringsOf) };
    } catch (err) {
      this.warn(`the trailer could not be read: ${(err as Error).message}`);
    }
    return true;
  }

  private async atStreamEnd(): Promise<boolean> {
    const r = this.r;
    await r.ensure(STREAM_END.length);
    return r.buf.subarray(r.pos, r.pos + STREAM_END.length).equals(STREAM_END);
  }

  private readMetadata(channel: number, buf: Buffer, start: number, end: number): void {
    if (end < 0) return;
    if (this.metadataUpdates.length < METADATA_UPDATES_KEPT)
      this.metadataUpdates.push({ channel, text: metadataText(buf, start, end) });
    else
      this.warnOnceGlobal(
        'metadata-cap',
        `more than ${METADATA_UPDATES_KEPT} metadata updates; later ones are not kept`,
      );
  }

  private flushIfFull(): void {
    if (this.buffered >= FLUSH_SAMPLES || this.bufferedText >= FLUSH_TEXT_CHARS) this.flushAll();
  }

  private flushAll(): void {
    for (const state of this.states) {
      if (!state) continue;
      for (const acc of Object.values(state.accumulators)) if (acc.n > 0) this.ready.push(acc.take());
    }
    this.buffered = 0;
    this.bufferedText = 0;
  }

  private *takeReady(): Generator<SampleBatch> {
    const ready = this.ready;
    this.ready = [];
    yield* ready;
  }

  private cut(where: string): void {
    this.truncated = true;
    this.warn(`the file is cut off ${where} at byte ${this.r.offset}; data up to there was read`);
  }

  private warn(message: string): void {
    this.warnings.push(message);
  }

  private warnOnce(state: ChannelState, what: string, message: string): void {
    this.warnOnceGlobal(
      `${state.channel.index}:${what}`,
      `channel ${state.channel.index} (${state.channel.name}) ${message}`,
    );
  }

  private warnOnceGlobal(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message);
  }
}

/**
 * Text of a bcMetaData block (after its control byte). The spec puts a uint32 length and a NUL
 * before/after the text; some writers put the text alone. Accept both.
 */
function metadataText(buf: Buffer, start: number, end: number): string {
  let s = start;
  let e = end;
  if (e - s >= 4) {
    const declared = buf.readUInt32LE(s);
    if (declared === e - s - 4 || declared === e - s - 5) {
      s += 4;
      e = s + declared;
    }
  }
  while (e > s && buf[e - 1] === 0) e--;
  return buf.toString('utf8', s, e);
}

function stringsOf(node: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  return out;
}
