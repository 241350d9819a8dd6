import type { BatchKind, OsfChannel, SampleBatch } from './types';

const TWO32 = 4294967296;

/** floor(ns / 1000) of the int64 hi * 2^32 + lo, exact: every intermediate stays below 2^53. */
export function microsFromWords(hi: number, lo: number): number {
  const q = Math.floor(hi / 1000);
  const r = hi - q * 1000;
  return q * TWO32 + Math.floor((r * TWO32 + lo) / 1000);
}

/**
 * Collects one channel's samples of one kind into typed arrays. Times arrive as two 32-bit words
 * (low unsigned, high signed) and are written straight into the BigInt64Array's memory, so decoding
 * allocates no BigInt per sample. A taken batch owns its arrays; the accumulator starts afresh.
 */
export class Accumulator {
  n = 0;
  private cap: number;
  private words!: Int32Array;
  private ns!: BigInt64Array;
  private ts!: Float64Array;
  private nums!: Float64Array;
  private texts: string[] = [];

  constructor(
    readonly channel: OsfChannel,
    readonly kind: BatchKind,
    capacity: number,
    /** Numbers per sample: 3 for gps, 0 for text kinds, else 1. */
    private readonly width: number,
  ) {
    this.cap = capacity;
    this.allocate(capacity);
  }

  private allocate(capacity: number): void {
    this.ns = new BigInt64Array(capacity);
    this.words = new Int32Array(this.ns.buffer);
    this.ts = new Float64Array(capacity);
    this.nums = new Float64Array(capacity * this.width);
  }

  private grow(): void {
    const { ns, ts, nums } = this;
    this.cap *= 2;
    this.allocate(this.cap);
    this.ns.set(ns);
    this.ts.set(ts);
    this.nums.set(nums);
  }

  private time(hi: number, lo: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.words[2 * i] = lo | 0;
    this.words[2 * i + 1] = hi;
    this.ts[i] = microsFromWords(hi, lo);
    return i;
  }

  /**
   * Room for `count` more samples: the caller writes times and values at [n, n + count) of the
   * returned arrays (times as low/high words at 2i, 2i + 1; `ts` as microsFromWords), then calls
   * `added(count)`. Lets a decoder fill a run of plain numbers without a call per sample.
   */
  reserve(count: number): { words: Int32Array; ts: Float64Array; nums: Float64Array } {
    while (this.n + count > this.cap) this.grow();
    return { words: this.words, ts: this.ts, nums: this.nums };
  }

  added(count: number): void {
    this.n += count;
  }

  pushNumber(hi: number, lo: number, value: number): void {
    this.nums[this.time(hi, lo)] = value;
  }

  pushTriple(hi: number, lo: number, a: number, b: number, c: number): void {
    const j = this.time(hi, lo) * 3;
    this.nums[j] = a;
    this.nums[j + 1] = b;
    this.nums[j + 2] = c;
  }

  pushText(hi: number, lo: number, text: string): void {
    this.time(hi, lo);
    this.texts.push(text);
  }

  take(): SampleBatch {
    const n = this.n;
    // Copies of exactly n samples: cheaper than fresh zeroed arrays of the full capacity.
    const base = { channel: this.channel, tsNs: this.ns.slice(0, n), ts: this.ts.slice(0, n) };
    const batch: SampleBatch =
      this.kind === 'text' || this.kind === 'message'
        ? { ...base, kind: this.kind, values: this.texts }
        : { ...base, kind: this.kind, values: this.nums.slice(0, n * this.width) };
    this.n = 0;
    this.texts = [];
    return batch;
  }
}
