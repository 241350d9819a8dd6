import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { EventName, Events } from '../model/events';
import type { EventBus } from '../workspace/events';
import { bundleSize, zipBundle } from '../files/bundle';
import { dispatch } from './dispatch';
import type { Language } from '../model/language';
import type { Handlers } from './context';
import { MAX_UPLOAD_BYTES, receiveUpload, UploadError, type DownloadTickets } from './transfers';
import { decodeWire, encodeWire } from './wire';
import { spokenEvent } from './spoken-events';

/**
 * Browser mode: the renderer served on 127.0.0.1 with the API over HTTP and events over SSE.
 * Every API request carries the per-launch token; Host and Origin are checked against DNS rebinding;
 * no CORS headers are ever sent, so no other site can read a reply.
 */
export interface WebServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/x-ndjson',
  '.parquet': 'application/vnd.apache.parquet',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_REQUEST_BYTES = 1_000_000;

/** The per-launch secret every API request carries (and download tickets are signed with). */
export function newLaunchToken(): string {
  return randomBytes(32).toString('hex');
}

export interface WebServerOptions {
  handlers: Handlers;
  events: EventBus;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /**
   * Serves `GET /api/download/<ticket>` without the token header (a browser's download cannot send
   * one): the ticket is unguessable, signed with the launch's token, single-use and short-lived.
   */
  tickets?: DownloadTickets;
  /** The reader's language, for failures and the texts of events; English when absent. */
  language?: () => Language;
  /** Accepts `POST /api/upload` (OSF files) into `dir`. */
  uploads?: { dir: string; maxBytes?: number };
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newLaunchToken();
  const rendererDir = resolve(options.rendererDir);
  let port = 0;
  const sseClients = new Set<ServerResponse>();

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const authorised = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const server = createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'Misdirected request');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return deny(res, 403, 'Forbidden origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/download/') && req.method === 'GET') return download(url.pathname.slice(14), res);
    if (url.pathname.startsWith('/api/')) {
      if (!authorised(req)) return deny(res, 401, 'Missing or wrong token');
      if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(res);
      if (url.pathname === '/api/upload' && req.method === 'POST') return void upload(req, res);
      const m = /^\/api\/invoke\/([a-z]+:[a-zA-Z]+)$/.exec(url.pathname);
      if (m && req.method === 'POST') return void invoke(req, res, m[1]);
      return deny(res, 404, 'Not found');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Method not allowed');
    serveStatic(url.pathname, res);
  });

  async function invoke(req: IncomingMessage, res: ServerResponse, channel: string) {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return deny(res, 415, 'JSON only');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) return deny(res, 413, 'Request too large');
      chunks.push(chunk as Buffer);
    }
    let input: unknown;
    try {
      input = decodeWire(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return deny(res, 400, 'Malformed JSON');
    }
    const result = await dispatch(options.handlers, channel, input, options.language?.());
    const body = encodeWire(result);
    res.writeHead(200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  function download(ticket: string, res: ServerResponse) {
    const file = options.tickets?.redeem(ticket);
    if (!file || ('path' in file && !existsSync(file.path)))
      return deny(res, 404, 'This download link has expired or was used');
    const single = 'path' in file;
    res.writeHead(200, {
      'Content-Type': single ? (MIME[extname(file.name)] ?? 'application/octet-stream') : 'application/zip',
      'Content-Length': single ? statSync(file.path).size : bundleSize(file.entries),
      'Content-Disposition': attachment(file.name),
    });
    // A file that vanished or changed mid-way ends the response short, which the browser reports as failed.
    pipeline(single ? createReadStream(file.path) : Readable.from(zipBundle(file.entries)), res).catch(() =>
      res.destroy(),
    );
  }

  async function upload(req: IncomingMessage, res: ServerResponse) {
    if (!options.uploads) return deny(res, 404, 'Not found');
    try {
      const path = await receiveUpload(req, options.uploads.dir, options.uploads.maxBytes ?? MAX_UPLOAD_BYTES);
      const body = JSON.stringify({ path });
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    } catch (err) {
      // The rest of a refused body is not read: close the connection rather than drain it.
      res.setHeader('Connection', 'close');
      if (err instanceof UploadError) return deny(res, err.status, err.message);
      if (!res.headersSent && !res.destroyed) deny(res, 500, 'The upload failed');
    }
  }

  function openEvents(res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    sseClients.add(res);
    res.on('close', () => sseClients.delete(res));
  }

  const unsubscribe = options.events.onAny((event: EventName, payload: Events[EventName]) => {
    const frame = `event: ${event}\ndata: ${encodeWire(spokenEvent(event, payload, options.language?.() ?? 'en'))}\n\n`;
    for (const client of sseClients) client.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  function serveStatic(pathname: string, res: ServerResponse) {
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    } catch {
      return deny(res, 400, 'Bad path');
    }
    let file = resolve(join(rendererDir, rel || 'index.html'));
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return deny(res, 404, 'Not found');
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    if (!existsSync(file)) return deny(res, 500, 'The renderer is not built: run npm run build');
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((done) => {
        unsubscribe();
        clearInterval(heartbeat);
        for (const c of sseClients) c.end();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** `attachment` with an ASCII fallback name and the exact one in RFC 5987 form. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function deny(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}
