import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';

/**
 * The export's output file, all or nothing: bytes go to `<target>.part-<random>` in the same folder,
 * which is fsynced and renamed over the target at the end, or deleted on error or cancel.
 * One write is in flight while the caller builds the next chunk; `write` waits for the one before,
 * which is the backpressure.
 */
export class AtomicFile {
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly target: string,
    readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    await mkdir(dirname(target), { recursive: true });
    await removeStaleParts(target);
    const temp = `${target}.part-${randomBytes(6).toString('hex')}`;
    return new AtomicFile(target, temp, await open(temp, 'wx'));
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    await this.pending;
    const written = this.handle.writeFile(chunk);
    written.catch(() => undefined); // observed by the next write, commit or discard
    this.pending = written;
  }

  /** The same file as a Writable, for libraries that pipe into a stream (exceljs). */
  writable(): Writable {
    return new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.write(chunk).then(() => done(), done);
      },
      final: (done) => {
        this.pending.then(() => done(), done);
      },
    });
  }

  async commit(): Promise<void> {
    await this.pending;
    await this.handle.sync();
    await this.handle.close();
    await rename(this.temp, this.target);
    await syncFolder(dirname(this.target));
  }

  async discard(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}

/** Parts of earlier exports to the same file that a crash or kill -9 left behind (`discard` never ran). */
async function removeStaleParts(target: string): Promise<void> {
  const prefix = `${basename(target)}.part-`;
  const stale = (await readdir(dirname(target))).filter(
    (n) => n.startsWith(prefix) && /^[0-9a-f]{12}$/.test(n.slice(prefix.length)),
  );
  await Promise.all(stale.map((n) => rm(join(dirname(target), n), { force: true })));
}

/** Makes the rename durable; folders cannot be opened for fsync everywhere (Windows), so best effort. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Durability of the rename is a bonus; the file's own bytes are already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const CHUNK_BYTES = 1 << 20;
const PENDING_CHARS = 1 << 16;

/**
 * Text rows gathered for the file: a few kB of row strings are joined, encoded into a 1 MB buffer,
 * and each full buffer is one file write. Short joins keep row strings short-lived (cheap for the
 * GC); encoding them together saves a call per row.
 */
export class TextChunks {
  private pending = '';
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private full: Buffer[] = [];

  constructor(private readonly file: AtomicFile) {}

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= PENDING_CHARS) this.encodePending();
  }

  private encodePending(): void {
    const text = this.pending;
    this.pending = '';
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buffer.length) this.spill(text.length * 3);
    this.used += this.buffer.write(text, this.used);
  }

  /** Sets the filled part aside for `drain` and starts a fresh buffer big enough for what comes. */
  private spill(needed: number): void {
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, needed));
    this.used = 0;
  }

  /** Writes the filled buffers (and, at the end, everything). */
  async drain(all = false): Promise<void> {
    if (all) {
      this.encodePending();
      this.spill(0);
    }
    for (const chunk of this.full.splice(0)) await this.file.write(chunk);
  }
}
