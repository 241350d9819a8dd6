import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

export type Compression = 'none' | 'gzip' | 'zlib';

const EMPTY = Buffer.alloc(0);
const READ_CHUNK = 1 << 20;

/**
 * Pull-based view of a byte stream: `buf[pos..]` holds the bytes not yet consumed. Only the unread
 * tail of the current chunk is kept, so memory stays at about one chunk plus the largest `ensure`.
 */
export class ByteReader {
  buf: Buffer = EMPTY;
  pos = 0;
  /** Set when the input ended with an error (e.g. a cut-off compressed stream). */
  inputError: Error | null = null;
  private base = 0;
  private ended = false;
  /** The rest of a chunk whose start `ensure` copied across a chunk edge. */
  private pending: Buffer | null = null;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Absolute offset of `pos` in the (decompressed) stream. */
  get offset(): number {
    return this.base + this.pos;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Makes at least `n` bytes readable at `pos`; false when the input ends first. */
  async ensure(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    const tail = this.buf.subarray(this.pos);
    const parts: Buffer[] = tail.length > 0 ? [tail] : [];
    let have = tail.length;
    while (have < n) {
      const chunk = await this.nextChunk();
      if (!chunk) break;
      // Copy only what `n` needs across a chunk edge; the rest of the chunk is read in place later.
      const wanted = have === 0 ? chunk.length : Math.min(chunk.length, n - have);
      if (wanted < chunk.length) this.pending = chunk.subarray(wanted);
      parts.push(wanted < chunk.length ? chunk.subarray(0, wanted) : chunk);
      have += wanted;
    }
    this.base += this.pos;
    this.buf = parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    this.pos = 0;
    return have >= n;
  }

  /** Consumes `n` bytes without keeping them; false when the input ends first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > this.available) {
      left -= this.available;
      this.base += this.buf.length;
      this.buf = EMPTY;
      this.pos = 0;
      const chunk = await this.nextChunk();
      if (!chunk) return false;
      this.buf = chunk;
    }
    this.pos += left;
    return true;
  }

  /** Stops reading and releases the underlying stream. */
  async close(): Promise<void> {
    this.ended = true;
    this.pending = null;
    await this.source.return?.();
  }

  private async nextChunk(): Promise<Buffer | null> {
    const pending = this.pending;
    if (pending) {
      this.pending = null;
      return pending;
    }
    if (this.ended) return null;
    try {
      const r = await this.source.next();
      if (!r.done) return r.value;
    } catch (err) {
      this.inputError = err instanceof Error ? err : new Error(String(err));
    }
    this.ended = true;
    return null;
  }
}

function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // RFC 1950: CM = 8 (deflate) and the 16-bit header is a multiple of 31.
  if (head.length >= 2 && (head[0] & 0x0f) === 8 && ((head[0] << 8) | head[1]) % 31 === 0) return 'zlib';
  return 'none';
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (head.length > 0) yield head;
    for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
  } finally {
    await rest.return?.();
  }
}

/**
 * Opens a file or stream for reading, inflating it when its first bytes are a gzip or zlib header
 * (`.osfz` files use either; the name is not trusted).
 */
export async function openBytes(input: string | Readable): Promise<{ reader: ByteReader; compression: Compression }> {
  const raw = typeof input === 'string' ? createReadStream(input, { highWaterMark: READ_CHUNK }) : input;
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const heads: Buffer[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const r = await it.next();
    if (r.done) break;
    heads.push(r.value);
    headLength += r.value.length;
  }
  const head = Buffer.concat(heads, headLength);
  const compression = detectCompression(head);
  if (compression === 'none') return { reader: new ByteReader(prepend(head, it)), compression };
  const inflater =
    compression === 'gzip' ? createGunzip({ chunkSize: 256 * 1024 }) : createInflate({ chunkSize: 256 * 1024 });
  const compressed = Readable.from(prepend(head, it), { objectMode: false });
  compressed.on('error', (err) => inflater.destroy(err));
  compressed.pipe(inflater);
  const inflated = inflater[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const release = async (): Promise<IteratorReturnResult<undefined>> => {
    compressed.destroy();
    await inflated.return?.();
    return { done: true, value: undefined };
  };
  return { reader: new ByteReader({ next: () => inflated.next(), return: release }), compression };
}
