import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { said, UserError, type Message, type MessageKey, type MessageValues } from '../model';
import { safeFileName } from './names';

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
  /** Uncompressed / compressed above this is a zip bomb, not a logger file. */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 20 * 1024 ** 3, maxRatio: 200 };

export class UnsafeArchiveError extends UserError {
  constructor(key: MessageKey, values?: MessageValues) {
    super(key, values);
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

/** An entry not written, and why: unsafe, corrupt, or not asked for. */
export interface RefusedEntry {
  entryName: string;
  reason: Message;
  /** True when nobody asked for it (ignored rather than refused). */
  unasked: boolean;
}

export interface ZipExtraction {
  extracted: ExtractedEntry[];
  refused: RefusedEntry[];
}

/** Which entries to write, and under which file name in the folder: the entries asked for. */
export type ChooseEntries = (entryNames: string[]) => Map<string, string>;

/** Every entry, under its safe name (the first of two entries with one safe name wins). */
export const everyEntry: ChooseEntries = (names) => {
  const chosen = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const file = safeFileName(name);
    if (taken.has(file)) continue;
    taken.add(file);
    chosen.set(name, file);
  }
  return chosen;
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const UTF8_NAMES = 0x800;

/** Why an entry may not be extracted, or null when it may. */
export function entryProblem(
  entry: Pick<Entry, 'externalFileAttributes' | 'compressedSize' | 'uncompressedSize'>,
  name: string,
  limits: ZipLimits,
): Message | null {
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name))
    return said('files.archive.absolutePath');
  if (name.split(/[/\\]/).includes('..')) return said('files.archive.escapes');
  if (/[\u0000]/.test(name)) return said('files.archive.badName');
  const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
  if ((mode & S_IFMT) === S_IFLNK) return said('files.archive.link');
  if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > limits.maxRatio)
    return said('files.archive.bomb', { ratio: Math.round(entry.uncompressedSize / entry.compressedSize) });
  return null;
}

/**
 * The entry's name as the server wrote it. yauzl is told not to decode names: its own check would
 * stop reading the whole directory at the first unsafe name, and one bad entry must not cost the others.
 */
function nameOf(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  return raw.toString((entry.generalPurposeBitFlag & UTF8_NAMES) !== 0 ? 'utf8' : 'latin1');
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (err, zip) =>
        err || !zip
          ? reject(new UnsafeArchiveError('files.zipUnreadable', { why: err?.message ?? 'not a zip' }))
          : resolve(zip),
    ),
  );
}

/** The next entry of the central directory, or null at its end; an unreadable directory is UnsafeArchiveError. */
function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise<Entry | null>((resolve, reject) => {
    zip.once('entry', resolve);
    zip.once('end', () => resolve(null));
    zip.once('error', (err: Error) =>
      reject(new UnsafeArchiveError('files.zipDirectoryUnreadable', { why: err.message })),
    );
    zip.readEntry();
  }).finally(() => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error'));
}

/** The entries of the directory: unsafe or duplicate names refused; too many or too large is a whole-archive refusal. */
async function readDirectory(
  zipPath: string,
  limits: ZipLimits,
): Promise<{ safe: Map<string, Entry>; refused: RefusedEntry[] }> {
  const safe = new Map<string, Entry>();
  const refused: RefusedEntry[] = [];
  const seen = new Set<string>();
  let count = 0;
  let total = 0;
  const zip = await openZip(zipPath);
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = nameOf(entry);
      if (name.endsWith('/')) continue;
      if (++count > limits.maxEntries)
        throw new UnsafeArchiveError('files.zipTooManyEntries', { entries: limits.maxEntries });
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw new UnsafeArchiveError('files.zipTooLarge');
      const problem = entryProblem(entry, name, limits) ?? (seen.has(name) ? said('files.archive.twice') : null);
      seen.add(name);
      if (problem) {
        // Of two entries of one name, neither can be told to be the right one: the first goes too.
        if (safe.delete(name)) refused.push({ entryName: name, reason: problem, unasked: false });
        refused.push({ entryName: name, reason: problem, unasked: false });
      } else safe.set(name, entry);
    }
  } finally {
    zip.close();
  }
  return { safe, refused };
}

/** A check of the entry's bytes failed (CRC, size). */
class EntryDataError extends UserError {}

/** The disk's errors (no space, no permission) stop the extraction; the entry's own refuse that entry. */
const isDiskError = (err: unknown) => err instanceof Error && 'syscall' in err;

/**
 * Extracts the chosen entries of a ZIP into `dir`, flat, each under the file name `choose` gives it.
 * The directory is read first: an entry with an absolute path, `..`, a link, a bomb's ratio or a
 * name seen twice is refused, an entry `choose` does not pick is ignored, and neither stops the
 * others. Sizes and CRCs are checked while writing, so an entry whose bytes lie is removed and
 * refused; each file is hashed (sha256) on the way and flushed to disk. An archive whose directory
 * cannot be read, or beyond the entry count or size limits, is refused whole (UnsafeArchiveError).
 */
export async function extractZipSafely(
  zipPath: string,
  dir: string,
  choose: ChooseEntries = everyEntry,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipExtraction> {
  const { safe, refused } = await readDirectory(zipPath, limits);
  const chosen = choose([...safe.keys()]);
  for (const name of safe.keys())
    if (!chosen.has(name)) refused.push({ entryName: name, reason: said('files.archive.notAskedFor'), unasked: true });

  const extracted: ExtractedEntry[] = [];
  const zip = await openZip(zipPath);
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = nameOf(entry);
      const file = chosen.get(name);
      if (file === undefined) continue;
      const path = join(dir, file);
      try {
        extracted.push({ entryName: name, path, ...(await writeEntry(zip, entry, path)) });
      } catch (err) {
        await rm(path, { force: true });
        if (isDiskError(err)) throw err;
        const reason =
          err instanceof EntryDataError ? err.said : said('files.archive.unreadable', { why: (err as Error).message });
        refused.push({ entryName: name, reason, unasked: false });
      }
    }
  } finally {
    zip.close();
  }
  return { extracted, refused };
}

/** One entry to `path`: sizes and CRC checked on the way (yauzl checks sizes, not CRCs), flushed. */
async function writeEntry(zip: ZipFile, entry: Entry, path: string): Promise<{ size: number; sha256: string }> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) =>
      err || !s ? reject(err ?? new EntryDataError('files.archive.noData')) : resolve(s),
    ),
  );
  let written = 0;
  let crc = 0;
  const hash = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      if (written > entry.uncompressedSize) return done(new EntryDataError('files.archive.tooLong'));
      crc = crc32(chunk, crc);
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      done(crc === entry.crc32 ? null : new EntryDataError('files.archive.corrupt'));
    },
  });
  // flush: the file is on disk before the caller records it as downloaded.
  await pipeline(stream, check, createWriteStream(path, { flags: 'wx', flush: true }));
  return { size: written, sha256: hash.digest('hex') };
}
