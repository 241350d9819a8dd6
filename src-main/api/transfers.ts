/**
 * Files crossing the browser-mode boundary: one-time download tickets for finished exports and
 * downloaded logger files, and uploads of OSF files into the workspace's `imports/` folder. The web
 * server routes to these.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bundleSize, type BundleEntry } from '../files/bundle';
import { safeFileName } from '../files/names';
import { UserError } from '../model';

/** What a ticket hands out under `name`: one file as it is, or several as one ZIP written as it is sent. */
export type TicketedDownload = { name: string; path: string } | { name: string; entries: BundleEntry[] };

export interface DownloadTickets {
  /** An unguessable, single-use ticket for the download, valid for `ttlMs`. */
  issue(download: TicketedDownload): string;
  /** The download, once: a second redeem, an unknown, forged or expired ticket gives null. */
  redeem(ticket: string): TicketedDownload | null;
}

const NONCE_BYTES = 16;

/**
 * Tickets of one launch: each is a random nonce signed with the launch's token, so a ticket is
 * good only for the server that holds that token (never after a restart), and only once.
 */
export function createDownloadTickets(
  launchToken: string,
  now: () => number = Date.now,
  ttlMs = 60_000,
): DownloadTickets {
  const open = new Map<string, { download: TicketedDownload; expires: number }>();
  const sign = (nonce: Buffer) => createHmac('sha256', launchToken).update(nonce).digest().subarray(0, NONCE_BYTES);
  const dropExpired = () => {
    for (const [ticket, t] of open) if (t.expires <= now()) open.delete(ticket);
  };
  return {
    issue(download) {
      dropExpired();
      const nonce = randomBytes(NONCE_BYTES);
      const ticket = Buffer.concat([nonce, sign(nonce)]).toString('base64url');
      open.set(ticket, { download, expires: now() + ttlMs });
      return ticket;
    },
    redeem(ticket) {
      const bytes = Buffer.from(ticket, 'base64url');
      if (bytes.length !== 2 * NONCE_BYTES) return null;
      if (!timingSafeEqual(bytes.subarray(NONCE_BYTES), sign(bytes.subarray(0, NONCE_BYTES)))) return null;
      const t = open.get(ticket);
      open.delete(ticket);
      return t && t.expires > now() ? t.download : null;
    },
  };
}

/** The reply of a `*:ticket` channel: where the browser fetches the download, and the name it saves. */
export function downloadLink(
  tickets: DownloadTickets | undefined,
  download: TicketedDownload,
): { url: string; name: string } {
  if (!tickets) throw new UserError('export.linksBrowserOnly');
  if ('entries' in download) bundleSize(download.entries);
  return { url: `/api/download/${tickets.issue(download)}`, name: download.name };
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
