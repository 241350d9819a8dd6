import { createHash, type Hash } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { HttpClient, HttpRequest } from '../http/client';
import { VendorError } from '../http/errors';
import { said } from '../model';

export interface TransferOptions {
  signal?: AbortSignal;
  /** Called with the bytes of this file on disk so far. */
  onBytes?: (bytes: number) => void;
  /** Refuse bodies larger than this (a hostile server streaming forever). */
  maxBytes?: number;
  /**
   * The file's size from the vendor's list. A response announcing another total is not written to
   * the `.part` (a broken proxy or error page must never become the prefix a later Range continues).
   */
  expectedSize?: number;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string, hash: Hash): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

export interface Received {
  /** Bytes in the `.part` now, resumed ones included. */
  size: number;
  /** Bytes that were already on disk from an earlier, interrupted attempt. */
  resumedFrom: number;
}

export interface TransferResult extends Received {
  path: string;
  sha256: string;
}

/**
 * Receives a download into `partPath`: resumes a `.part` left by an earlier attempt with `Range` where
 * the server answers 206, restarts it where the server answers 200. `hash`, when given, sees every
 * byte of the file, resumed ones included. An interruption leaves the `.part`, ready to resume.
 */
export async function receiveToPart(
  http: HttpClient,
  request: HttpRequest,
  partPath: string,
  options: TransferOptions = {},
  hash?: Hash,
): Promise<Received> {
  let have = await sizeOf(partPath);
  const send = () =>
    http.stream({
      ...request,
      headers: { ...request.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) },
      signal: options.signal,
    });
  const res = await send().catch(async (err: unknown) => {
    // 416: the .part is not a prefix the server can continue (complete, or the file changed): start over.
    if (!(err instanceof VendorError && err.status === 416 && have > 0)) throw err;
    await rm(partPath, { force: true });
    have = 0;
    return send();
  });
  const resumed = res.status === 206 && have > 0 && contentRangeStart(res.headers['content-range']) === have;
  if (res.status === 206 && !resumed) {
    // A range we did not ask for: these bytes cannot be placed; start the file over.
    res.body.destroy();
    await rm(partPath, { force: true });
    throw new VendorError(said('files.wrongRange'), 'retry');
  }
  const announced = resumed
    ? contentRangeTotal(res.headers['content-range'])
    : headerNumber(res.headers['content-length']);
  if (options.expectedSize !== undefined && announced !== null && announced !== options.expectedSize) {
    res.body.destroy();
    if (resumed) await rm(partPath, { force: true });
    throw new VendorError(said('files.wrongSize', { announced, expected: options.expectedSize }), 'retry');
  }
  if (hash && resumed) await hashFile(partPath, hash);
  let written = resumed ? have : 0;
  options.onBytes?.(written);
  const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      if (written > limit)
        return done(new VendorError(said('files.tooLarge', { mib: Math.round(limit / 1048576) }), 'fail-stream'));
      hash?.update(chunk);
      options.onBytes?.(written);
      done(null, chunk);
    },
  });
  await pipeline(res.body, meter, createWriteStream(partPath, { flags: resumed ? 'a' : 'w' }), {
    signal: options.signal,
  });
  const declared = headerNumber(res.headers['content-length']);
  const expectedTotal = declared !== null ? declared + (resumed ? have : 0) : null;
  if (expectedTotal !== null && written !== expectedTotal)
    throw new VendorError(said('files.cutShort', { written, total: expectedTotal }), 'retry');
  return { size: written, resumedFrom: resumed ? have : 0 };
}

/** Receives a whole file into `partPath` (see `receiveToPart`), hashing while writing, then fsyncs it. */
export async function receiveWholeFile(
  http: HttpClient,
  request: HttpRequest,
  partPath: string,
  options: TransferOptions = {},
): Promise<Received & { sha256: string }> {
  const hash = createHash('sha256');
  const received = await receiveToPart(http, request, partPath, options, hash);
  const fd = await open(partPath, 'r+');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
  return { sha256: hash.digest('hex'), ...received };
}

/**
 * Downloads to `<final>` through `<part>` (see `receiveWholeFile`), then renames atomically: the
 * final name only ever holds a whole file.
 */
export async function transferToFile(
  http: HttpClient,
  request: HttpRequest,
  partPath: string,
  finalPath: string,
  options: TransferOptions = {},
): Promise<TransferResult> {
  const received = await receiveWholeFile(http, request, partPath, options);
  await rename(partPath, finalPath);
  return { path: finalPath, ...received };
}

/** Link errors of file systems without hard links (FAT, exFAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Moves a whole file from `from` to `to` unless `to` exists: false then, and `from` stays. A hard
 * link claims the name atomically and never replaces a file; where links are not supported, an
 * exclusive copy does the same.
 */
export async function placeWithoutOverwrite(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw err;
    try {
      await copyFile(from, to, constants.COPYFILE_EXCL);
    } catch (copyErr) {
      if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw copyErr;
    }
  }
  await rm(from, { force: true });
  return true;
}

/** The sha256 of a file on disk. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await hashFile(path, hash);
  return hash.digest('hex');
}

type Header = string | string[] | undefined;

function contentRangeStart(value: Header): number | null {
  const m = /^bytes (\d+)-/.exec(String(value ?? ''));
  return m ? Number(m[1]) : null;
}

/** `bytes a-b/TOTAL` → TOTAL; null for `*` or no header. */
function contentRangeTotal(value: Header): number | null {
  const m = /\/(\d+)$/.exec(String(value ?? '').trim());
  return m ? Number(m[1]) : null;
}

function headerNumber(value: Header): number | null {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return value !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : null;
}
