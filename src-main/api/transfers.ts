/**
 * Files crossing the browser-mode boundary: one-time download tickets for finished exports, and
 * uploads of OSF files into the workspace's `imports/` folder. The web server routes to these.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { safeFileName } from '../files/names';

export interface TicketedFile {
  path: string;
  /** The name the browser saves it under. */
  name: string;
}

export interface DownloadTickets {
  /** An unguessable, single-use ticket for the file, valid for `ttlMs`. */
  issue(file: TicketedFile): string;
  /** The file, once: a second redeem, an unknown or an expired ticket gives null. */
  redeem(ticket: string): TicketedFile | null;
}

export function createDownloadTickets(now: () => number = Date.now, ttlMs = 60_000): DownloadTickets {
  const open = new Map<string, TicketedFile & { expires: number }>();
  const dropExpired = () => {
    for (const [ticket, t] of open) if (t.expires <= now()) open.delete(ticket);
  };
  return {
    issue(file) {
      dropExpired();
      const ticket = randomBytes(32).toString('base64url');
      open.set(ticket, { ...file, expires: now() + ttlMs });
      return ticket;
    },
    redeem(ticket) {
      const t = open.get(ticket);
      open.delete(ticket);
      return t && t.expires > now() ? { path: t.path, name: t.name } : null;
    },
  };
}

/** Uploads of OSF logger files: what `POST /api/upload` accepts. */
export const UPLOADABLE = /\.osfz?$/i;
export const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

export class UploadError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Streams a request body to `<dir>/<random>/<safe name>`: the file keeps its own name (an imported
 * file's streams are named after it) and cannot collide or escape. Over `maxBytes`, the partial file
 * is removed and an UploadError(413) thrown.
 */
export async function receiveUpload(req: IncomingMessage, dir: string, maxBytes: number): Promise<string> {
  const header = req.headers['x-file-name'];
  let given = '';
  try {
    given = typeof header === 'string' ? decodeURIComponent(header) : '';
  } catch {
    throw new UploadError(400, 'X-File-Name is not a valid URI-encoded name');
  }
  const name = safeFileName(given, '');
  if (!name) throw new UploadError(400, 'X-File-Name is required');
  if (!UPLOADABLE.test(name)) throw new UploadError(415, 'Only .osf and .osfz files can be uploaded');
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw new UploadError(413, 'The file is too large');

  const folder = join(dir, randomBytes(12).toString('hex'));
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > maxBytes ? new UploadError(413, 'The file is too large') : null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(path, { flags: 'wx' }));
  } catch (err) {
    await rm(folder, { recursive: true, force: true });
    throw err;
  }
  return path;
}
