import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { HttpClient, HttpRequest } from '../http/client';
import { VendorError } from '../http/errors';

export interface TransferResult {
  path: string;
  size: number;
  sha256: string;
  /** Bytes that were already on disk from an earlier, interrupted attempt. */
  resumedFrom: number;
}

export interface TransferOptions {
  signal?: AbortSignal;
  /** Called with the bytes of this file on disk so far. */
  onBytes?: (bytes: number) => void;
  /** Refuse bodies larger than this (a hostile server streaming forever). */
  maxBytes?: number;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function hashFile(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/**
 * Downloads to `<final>` through `<part>`: resumes a `.part` left by an earlier attempt with `Range`
 * where the server answers 206, restarts it where the server answers 200, hashes while writing,
 * fsyncs, then renames atomically. An interruption leaves only the `.part`, ready to resume.
 */
export async function transferToFile(http: HttpClient, request: HttpRequest, partPath: string, finalPath: string, options: TransferOptions = {}): Promise<TransferResult> {
  const have = await sizeOf(partPath);
  const headers = { ...request.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) };
  const res = await http.stream({ ...request, headers, signal: options.signal });
  const resumed = res.status === 206 && have > 0 && contentRangeStart(res.headers['content-range']) === have;
  const hash = createHash('sha256');
  if (resumed) await hashFile(partPath, hash);
  let written = resumed ? have : 0;
  options.onBytes?.(written);
  const limit = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length;
      if (written > limit) return done(new VendorError(`The download exceeded ${Math.round(limit / 1048576)} MiB and was stopped.`, 'fail-stream'));
      hash.update(chunk);
      options.onBytes?.(written);
      done(null, chunk);
    },
  });
  await pipeline(res.body, meter, createWriteStream(partPath, { flags: resumed ? 'a' : 'w' }), { signal: options.signal });
  const declared = Number(res.headers['content-length']);
  const expectedTotal = Number.isFinite(declared) ? declared + (resumed ? have : 0) : null;
  if (expectedTotal !== null && written !== expectedTotal) throw new VendorError(`The download was cut short (${written} of ${expectedTotal} bytes).`, 'retry');
  const fd = await open(partPath, 'r+');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
  await rename(partPath, finalPath);
  return { path: finalPath, size: written, sha256: hash.digest('hex'), resumedFrom: resumed ? have : 0 };
}

function contentRangeStart(value: string | string[] | undefined): number | null {
  const m = /^bytes (\d+)-/.exec(String(value ?? ''));
  return m ? Number(m[1]) : null;
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}
