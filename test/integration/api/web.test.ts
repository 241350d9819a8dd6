import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src-main/api/handlers';
import { createDemoService } from '../../../src-main/demo';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { startWebServer, type WebServer } from '../../../src-main/api/web';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { decodeWire } from '../../../src-main/api/wire';
import { upsertStream } from '../../../src-main/store/catalog';
import { insertPoints } from '../../../src-main/store/points';
import { recordStreamSuccess } from '../../../src-main/store/status';
import { memoryVault } from '../../helpers/memory-vault';
import { rawRequest } from '../../helpers/raw-http';
import { awaitEvent } from '../../helpers/sse';
import { tempDir } from '../../helpers/tmp';

/** Raw HTTP, so Host and Origin can be set to anything (fetch would not allow it); body as text. */
const raw = (port: number, path: string, init: Parameters<typeof rawRequest>[2] = {}) =>
  rawRequest(port, path, init).then((r) => ({ ...r, body: r.text }));

let ws: Workspace;
let web: WebServer;

beforeEach(async () => {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  ws = openWorkspace(join(dir, 'ws'), { vault: memoryVault() });
  const scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, () => undefined);
  web = await startWebServer({
    handlers: createHandlers({ ws, mode: 'browser', version: 'test', scheduler, demo }),
    events: ws.events,
    rendererDir,
  });
});

afterEach(async () => {
  await web.close();
  ws.close();
});

const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(web.port, `/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('browser-mode transport', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL fragment', () => {
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    expect(web.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers a call with the token', async () => {
    const r = await invoke('accounts:list', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('refuses API calls and the event stream without the right token', async () => {
    expect((await invoke('accounts:list', {}, { authorization: '' })).status).toBe(401);
    expect((await invoke('accounts:list', {}, { authorization: `Bearer ${'0'.repeat(64)}` })).status).toBe(401);
    expect((await raw(web.port, '/api/events')).status).toBe(401);
    expect((await raw(web.port, `/api/events?token=${web.token}`)).status).toBe(401);
  });

  it('refuses other Host headers (DNS rebinding) and foreign origins, and never sends CORS headers', async () => {
    expect((await invoke('accounts:list', {}, { host: 'evil.example:80' })).status).toBe(421);
    expect((await invoke('accounts:list', {}, { host: `attacker.test:${web.port}` })).status).toBe(421);
    const foreign = await invoke('accounts:list', {}, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const same = await invoke('accounts:list', {}, { origin: `http://127.0.0.1:${web.port}` });
    expect(same.status).toBe(200);
    for (const r of [foreign, same])
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const preflight = await raw(web.port, '/api/invoke/accounts:list', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    expect(preflight.status).toBe(403);
  });

  it('validates input against the contract and replies with an error, not a crash', async () => {
    const bad = JSON.parse((await invoke('points:series', { streamId: -1, from: 0, to: 1, buckets: 1 })).body) as {
      ok: boolean;
      error: string;
    };
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/Invalid request for points:series: streamId/);
    expect(JSON.parse((await invoke('nope:nothing', {})).body)).toMatchObject({
      ok: false,
      error: 'Unknown channel "nope:nothing".',
    });
    const extra = JSON.parse((await invoke('accounts:list', { sql: 'DROP TABLE points' })).body) as { ok: boolean };
    expect(extra.ok).toBe(false);
    expect(
      (
        await raw(web.port, '/api/invoke/accounts:list', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}` },
          body: '{',
        })
      ).status,
    ).toBe(400);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await raw(web.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt']) {
      const r = await raw(web.port, path);
      expect(r.body, path).not.toContain('outside');
    }
  });

  it('carries typed arrays as typed arrays', async () => {
    const id = upsertStream(
      ws.db,
      { key: 'opti/9', vendor: 'opti', accountId: null, sourceId: null, name: 'L', unit: 'mm', kind: 'number' },
      0,
    );
    insertPoints(ws.db, id, [
      { ts: 1_000, value: 1.5 },
      { ts: 2_000, value: -2 },
    ]);
    recordStreamSuccess(ws.db, id, 2, 1_000, 2_000, 0);
    const r = decodeWire((await invoke('points:series', { streamId: id, from: 0, to: 10_000, buckets: 100 })).body) as {
      ok: true;
      value: { raw: boolean; ts: Float64Array; min: Float64Array };
    };
    expect(r.value.raw).toBe(true);
    expect(r.value.ts).toBeInstanceOf(Float64Array);
    expect(Array.from(r.value.ts)).toEqual([1_000, 2_000]);
    expect(Array.from(r.value.min)).toEqual([1.5, -2]);
  });

  it('pushes events over SSE to a client with the token', async () => {
    const received = awaitEvent(web, (text) => (text.includes('event: store:changed') ? text : undefined));
    await new Promise((r) => setTimeout(r, 100));
    ws.events.emit('store:changed', { reason: 'test' });
    expect(await received).toMatch(/event: store:changed\ndata: \{"reason":"test"\}/);
  });
  it('refuses traversal with backslashes, encoded NULs and doubled encodings', async () => {
    for (const path of [
      '/..%5csecret.txt',
      '/%5c..%5csecret.txt',
      '/..\\secret.txt',
      '/%2e%2e%5csecret.txt',
      '/index.html%00/../../secret.txt',
      '/%00',
      '/%252e%252e/secret.txt',
      '//..//secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
    ]) {
      const r = await raw(web.port, path).catch(() => ({ status: 400, headers: {}, body: '' }));
      expect(r.body, path).not.toContain('outside');
      expect(r.status, path).toBeLessThan(500);
    }
  });

  it('allows only POST for calls and GET for events, whatever the token', async () => {
    const auth = { authorization: `Bearer ${web.token}` };
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'PATCH'])
      expect((await raw(web.port, '/api/invoke/app:info', { method, headers: auth })).status, method).toBe(404);
    for (const method of ['POST', 'HEAD', 'OPTIONS'])
      expect((await raw(web.port, '/api/events', { method, headers: auth })).status, method).toBe(404);
    // Without the token, every method on the API is refused before routing.
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'POST'])
      expect((await raw(web.port, '/api/events', { method })).status, method).toBe(401);
    for (const method of ['POST', 'PUT', 'DELETE'])
      expect((await raw(web.port, '/index.html', { method })).status, method).toBe(405);
  });

  it('refuses near-miss tokens on calls and the event stream', async () => {
    const near = [
      `bearer ${web.token}`,
      `Bearer ${web.token}x`,
      `Bearer ${web.token.slice(0, -1)}`,
      `Bearer ${web.token.toUpperCase()}`,
      `Basic ${Buffer.from(`x:${web.token}`).toString('base64')}`,
      `Bearer\t${web.token}`,
    ];
    for (const authorization of near) {
      expect((await invoke('app:info', {}, { authorization })).status, authorization).toBe(401);
      expect((await raw(web.port, '/api/events', { headers: { authorization } })).status, authorization).toBe(401);
    }
  });

  it('refuses oversized headers and bodies without falling over', async () => {
    /** The status line the server answers a raw request with; 0 when it only closed the connection. */
    const statusOf = (head: string, body: string) =>
      new Promise<number>((done) => {
        const socket = connect(web.port, '127.0.0.1');
        let answer = '';
        socket.on('data', (b: Buffer) => (answer += b.toString('latin1')));
        socket.on('error', () => undefined);
        socket.on('close', () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
        socket.write(head);
        socket.end(body);
      });
    const head = (extra: string, length: number) =>
      `POST /api/invoke/views:save HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nAuthorization: Bearer ${web.token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n${extra}\r\n`;
    expect(await statusOf(head(`X-Pad: ${'x'.repeat(64 * 1024)}\r\n`, 2), '{}')).toBe(431);
    const body = JSON.stringify({ name: 'x'.repeat(2_000_000) });
    expect([413, 0]).toContain(await statusOf(head('', body.length), body));
    expect((await invoke('app:info', {})).status).toBe(200);
  });
});
