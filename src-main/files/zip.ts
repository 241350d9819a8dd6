import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { safeFileName } from './names';

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed above this is a zip bomb, not a logger file. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 20 * 1024 ** 3, maxRatio: 200 };

export class UnsafeArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeArchiveError';
  }
}

export interface ExtractedEntry {
  /** The entry's name in the archive, as the server wrote it. */
  entryName: string;
  /** Where it was written: always directly inside the target folder. */
  path: string;
  size: number;
  sha256: string;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Why an entry may not be extracted, or null when it may. */
export function entryProblem(
  entry: Pick<Entry, 'fileName' | 'externalFileAttributes' | 'compressedSize' | 'uncompressedSize'>,
  limits: ZipLimits,
): string | null {
  const name = entry.fileName;
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) return `absolute path "${name}"`;
  if (name.split(/[/\\]/).includes('..')) return `path escaping the folder "${name}"`;
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  if ((mode & S_IFMT) === S_IFLNK) return `link "${name}"`;
  if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxRatio)
    return `entry "${name}" expands ${Math.round(entry.uncompressedSize / entry.compressedSize)}× (zip bomb?)`;
  return null;
}

/** yauzl's own name checks, in the words of `entryProblem`. */
function asUnsafe(err: Error): Error {
  const m = /^(absolute path|invalid relative path|invalid characters in fileName): (.*)$/.exec(err.message);
  if (!m) return err;
  const problem =
    m[1] === 'absolute path'
      ? 'absolute path'
      : m[1] === 'invalid relative path'
        ? 'path escaping the folder'
        : 'invalid characters in the name';
  return new UnsafeArchiveError(`The archive was refused: ${problem} "${m[2]}".`);
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true },
      (err, zip) => (err || !zip ? reject(err ?? new Error('not a zip')) : resolve(zip)),
    ),
  );
}

/**
 * Extracts a ZIP into `dir`, flat: each entry becomes one safe file name directly in `dir`.
 * The whole archive is checked first (absolute paths, `..`, links, entry count, total size, ratio);
 * an unsafe archive writes nothing. Sizes and CRCs are checked while writing, so a lying header or a
 * corrupt entry fails; each file is hashed (sha256) on the way and flushed to disk.
 */
export async function extractZipSafely(
  zipPath: string,
  dir: string,
  nameFor: (entryName: string) => string = (n) => safeFileName(n),
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ExtractedEntry[]> {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  let total = 0;
  {
    const zip = await openZip(zipPath);
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        if (!entry.fileName.endsWith('/')) {
          const problem =
            entryProblem(entry, limits) ??
            (seen.has(entry.fileName) ? `entry "${entry.fileName}" appears twice` : null);
          if (problem) return reject(new UnsafeArchiveError(`The archive was refused: ${problem}.`));
          entries.push(entry);
          seen.add(entry.fileName);
          total += entry.uncompressedSize;
          if (entries.length > limits.maxEntries)
            return reject(new UnsafeArchiveError(`The archive has more than ${limits.maxEntries} entries.`));
          if (total > limits.maxTotalBytes)
            return reject(new UnsafeArchiveError('The archive would expand beyond the size limit.'));
        }
        zip.readEntry();
      });
      zip.on('end', resolve);
      zip.on('error', (err: Error) => reject(asUnsafe(err)));
      zip.readEntry();
    }).finally(() => zip.close());
  }

  const out: ExtractedEntry[] = [];
  const zip = await openZip(zipPath);
  try {
    const wanted = new Map(entries.map((e) => [e.fileName, e]));
    for (;;) {
      const entry = await new Promise<Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      const checked = wanted.get(entry.fileName);
      if (!checked) continue;
      const path = join(dir, nameFor(entry.fileName));
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('unreadable entry')) : resolve(s))),
      );
      let written = 0;
      let crc = 0;
      const hash = createHash('sha256');
      const check = new Transform({
        transform(chunk: Buffer, _enc, done) {
          written += chunk.length;
          if (written > checked.uncompressedSize)
            return done(new UnsafeArchiveError(`Entry "${entry.fileName}" is larger than its header says.`));
          crc = crc32(chunk, crc);
          hash.update(chunk);
          done(null, chunk);
        },
        flush(done) {
          // yauzl checks sizes, not CRCs: a corrupt entry must not land as a downloaded file.
          done(crc === entry.crc32 ? null : new Error(`Entry "${entry.fileName}" is corrupt (CRC mismatch).`));
        },
      });
      try {
        // flush: the file is on disk before the caller records it as downloaded.
        await pipeline(stream, check, createWriteStream(path, { flags: 'wx', flush: true }));
      } catch (err) {
        await rm(path, { force: true });
        throw err;
      }
      out.push({ entryName: entry.fileName, path, size: written, sha256: hash.digest('hex') });
    }
  } finally {
    zip.close();
  }
  return out;
}
