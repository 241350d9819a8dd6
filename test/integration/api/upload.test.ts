import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Events, Result } from '../../../src-main/api/contract';
import { createHandlers } from '../../../src-main/api/handlers';
import { importsFolder } from '../../../src-main/api/osf-handlers';
import { createDownloadTickets } from '../../../src-main/api/transfers';
import { newLaunchToken, startWebServer, type WebServer } from '../../../src-main/api/web';
import { decodeWire } from '../../../src-main/api/wire';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { createDemoService } from '../../../src-main/demo';
import { upsertStream } from '../../../src-main/store/catalog';
import { insertPoints } from '../../../src-main/store/points';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { memoryVault } from '../../helpers/memory-vault';
import { rawRequest } from '../../helpers/raw-http';
import { tempDir } from '../../helpers/tmp';

const SAMPLE = join(__dirname, '../../fixtures/osf/osf4_ruvvi.osf');
const LIMIT = 64 * 1024;

let dir: string;
let ws: Workspace;
let web: WebServer;
let clock: number;

beforeEach(async () => {
  dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  clock = Date.UTC(2026, 2, 29, 12);
  ws = openWorkspace(join(dir, 'ws'), { vault: memoryVault(), now: () => clock });
  const token = newLaunchToken();
  const tickets = createDownloadTickets(token, () => clock);
  web = await startWebServer({
    token,
    handlers: createHandlers({
      ws,
      mode: 'browser',
      version: 'test',
      scheduler: createSyncScheduler(ws),
      demo: createDemoService(ws, () => undefined),
      tickets,
    }),
    events: ws.events,
    rendererDir,
    tickets,
    uploads: { dir: importsFolder(ws.dataDir), maxBytes: LIMIT },
  });
});

afterEach(async () => {
  await web.close();
  ws.close();
});

const auth = () => ({ authorization: `Bearer ${web.token}` });

const upload = (name: string, body: Buffer | Buffer[], headers: Record<string, string> = auth()) =>
  rawRequest(web.port, '/api/upload', {
    method: 'POST',
    headers: { 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream', ...headers },
    body,
  });

async function invoke<T>(channel: string, input: unknown): Promise<Result<T>> {
  const r = await rawRequest(web.port, `/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth() },
    body: Buffer.from(JSON.stringify(input)),
  });
  return decodeWire(r.body.toString()) as Result<T>;
}

const uploadedFiles = () =>
  existsSync(importsFolder(ws.dataDir)) ? readdirSync(importsFolder(ws.dataDir), { recursive: true }) : [];

describe('POST /api/upload', () => {
  it('needs the token and writes nothing without it', async () => {
    const r = await upload('osf4_ruvvi.osf', readFileSync(SAMPLE), {});
    expect(r.status).toBe(401);
    expect(uploadedFiles()).toEqual([]);
  });

  it('stores the file under imports/, keeping its (made safe) name', async () => {
    const r = await upload('../../osf4_ruvvi.osf', readFileSync(SAMPLE));
    expect(r.status).toBe(200);
    const { path } = JSON.parse(r.body.toString()) as { path: string };
    expect(path.startsWith(importsFolder(ws.dataDir) + sep)).toBe(true);
    expect(path.endsWith(`${sep}osf4_ruvvi.osf`)).toBe(true);
    expect(readFileSync(path).equals(readFileSync(SAMPLE))).toBe(true);
  });

  it('refuses a file over the size limit, by its Content-Length or as it streams, and leaves nothing', async () => {
    const big = Buffer.alloc(LIMIT + 1);
    expect((await upload('big.osf', big)).status).toBe(413);
    const chunked = await upload('big.osf', [Buffer.alloc(LIMIT / 2), Buffer.alloc(LIMIT / 2), Buffer.alloc(10)], {
      ...auth(),
      'transfer-encoding': 'chunked',
    }).catch((err: Error) => ({ status: 'reset', err }));
    // The server answers 413 and closes; the client may see the answer or the closed connection.
    expect([413, 'reset']).toContain(chunked.status);
    await new Promise((r) => setTimeout(r, 50));
    expect(uploadedFiles().filter((f) => String(f).endsWith('.osf'))).toEqual([]);
  });

  it('takes only OSF files', async () => {
    expect((await upload('notes.txt', Buffer.from('hello'))).status).toBe(415);
    expect((await upload('', Buffer.from('hello'))).status).toBe(400);
  });
});

describe('osf:inspect and osf:import', () => {
  it('sums up an uploaded file, then imports it as account-less streams', async () => {
    const { path } = JSON.parse((await upload('osf4_ruvvi.osf', readFileSync(SAMPLE))).body.toString()) as {
      path: string;
    };
    const summary = await invoke<{ channels: { name: string; count: number }[]; name: string }>('osf:inspect', {
      path,
    });
    if (!summary.ok) throw new Error(summary.error);
    expect(summary.value.name).toBe('osf4_ruvvi.osf');
    expect(summary.value.channels).toHaveLength(23);
    expect(summary.value.channels.some((c) => c.count > 0)).toBe(true);

    const changed: string[] = [];
    ws.events.on('store:changed', (e) => changed.push(e.reason));
    const imported = await invoke<{ source: string; streams: number; pointsAdded: number }[]>('osf:import', {
      paths: [path],
    });
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.value[0]).toMatchObject({ source: 'osf4_ruvvi' });
    expect(imported.value[0].pointsAdded).toBeGreaterThan(0);
    expect(changed).toContain('files opened');
    const tree = await invoke<{
      streams: { key: string; accountId: string | null; pointCount: number; firstTs: number | null }[];
    }>('streams:tree', {});
    if (!tree.ok) throw new Error(tree.error);
    const osf = tree.value.streams.filter((s) => s.key.startsWith('osf/osf4_ruvvi/'));
    expect(osf.length).toBe(imported.value[0].streams);
    expect(osf.every((s) => s.accountId === null)).toBe(true);
    // Counts and extents are there for the tree and the chart, as after a sync.
    expect(osf.reduce((n, s) => n + s.pointCount, 0)).toBe(imported.value[0].pointsAdded);
    expect(osf.find((s) => s.key === 'osf/osf4_ruvvi/Ruuvi.Sensor.Abteil1.Temperature')?.firstTs).toBe(
      1693818098151265,
    );
  });

  it('refuses paths outside imports/ and downloads/, symlinks out of them included', async () => {
    const outside = join(dir, 'outside.osf');
    writeFileSync(outside, readFileSync(SAMPLE));
    const { path } = JSON.parse((await upload('x.osf', readFileSync(SAMPLE))).body.toString()) as { path: string };
    const link = join(path, '..', 'link.osf');
    symlinkSync(outside, link);
    for (const p of [outside, link, join(importsFolder(ws.dataDir), '..', '..', 'outside.osf'), '/etc/passwd']) {
      const r = await invoke('osf:inspect', { path: p });
      expect(r.ok, p).toBe(false);
      const i = await invoke('osf:import', { paths: [p] });
      expect(i.ok, p).toBe(false);
    }
    // Desktop-only channel: no dialog in browser mode.
    expect((await invoke('osf:choose', {})).ok).toBe(false);
  });
});

describe('exports and download tickets', () => {
  function seed(): void {
    const id = upsertStream(
      ws.db,
      {
        key: 'osf/bench/temp',
        vendor: 'osf',
        accountId: null,
        sourceId: null,
        name: 'temp',
        unit: '°C',
        kind: 'number',
      },
      clock,
    );
    insertPoints(ws.db, id, [
      { ts: 1_000_000, value: 1.5 },
      { ts: 2_000_000, value: 2.5 },
      { ts: 3_000_000, value: 3.5 },
    ]);
  }

  async function finishedExport(): Promise<Events['export:progress']> {
    const done = new Promise<Events['export:progress']>((resolve) =>
      ws.events.on('export:progress', (p) => p.state !== 'running' && resolve(p)),
    );
    const run = await invoke<{ id: string }>('export:run', { format: 'csv', streams: ['osf/bench/*'] });
    if (!run.ok) throw new Error(run.error);
    const end = await done;
    expect(end.id).toBe(run.value.id);
    return end;
  }

  it('exports into exports/, lists it as recent, and serves it once per ticket without the token', async () => {
    seed();
    const end = await finishedExport();
    expect(end).toMatchObject({ state: 'done', rows: 3 });
    expect(end.file?.name).toBe('tributary-osf-bench-temp-20260329-120000.csv');
    expect(end.file?.path).toBe(join(ws.dataDir, 'exports', end.file?.name ?? ''));

    const recent = await invoke<{ id: string; rows: number; size: number }[]>('export:recent', {});
    expect(recent.ok && recent.value).toEqual([expect.objectContaining({ id: end.id, rows: 3, size: end.file?.size })]);

    const ticket = await invoke<{ url: string }>('export:ticket', { id: end.id });
    if (!ticket.ok) throw new Error(ticket.error);
    expect(ticket.value.url).toMatch(/^\/api\/download\/[A-Za-z0-9_-]{43}$/);
    const first = await rawRequest(web.port, ticket.value.url);
    expect(first.status).toBe(200);
    expect(first.headers['content-disposition']).toBe(
      `attachment; filename="${end.file?.name}"; filename*=UTF-8''${end.file?.name}`,
    );
    expect(first.body.toString().split('\n')[0]).toBe('vendor,stream,ts,value');
    expect(first.body.toString().trim().split('\n')).toHaveLength(4);
    expect((await rawRequest(web.port, ticket.value.url)).status).toBe(404);
    // Saving with a native dialog is the desktop's way.
    expect((await invoke('export:saveAs', { id: end.id })).ok).toBe(false);
  });

  it('keeps the 20 newest exports: the file of one that falls off the list is deleted', async () => {
    seed();
    const ends: Events['export:progress'][] = [];
    for (let i = 0; i < 21; i++) {
      ends.push(await finishedExport());
      clock += 1000;
    }
    const paths = ends.map((e) => e.file?.path ?? '');
    expect(new Set(paths).size).toBe(21);
    expect(existsSync(paths[0])).toBe(false);
    expect(paths.slice(1).every((p) => existsSync(p))).toBe(true);
    expect(readdirSync(join(ws.dataDir, 'exports'))).toHaveLength(20);
    const recent = await invoke<{ id: string }[]>('export:recent', {});
    expect(recent.ok && recent.value.map((r) => r.id)).toEqual(
      ends
        .slice(1)
        .map((e) => e.id)
        .reverse(),
    );
  });

  it('lets a ticket lapse after a minute', async () => {
    seed();
    const end = await finishedExport();
    const ticket = await invoke<{ url: string }>('export:ticket', { id: end.id });
    if (!ticket.ok) throw new Error(ticket.error);
    clock += 60_001;
    expect((await rawRequest(web.port, ticket.value.url)).status).toBe(404);
  });

  it('refuses an export of nothing and a pattern that matches no stream', async () => {
    seed();
    const r = await invoke('export:run', { format: 'csv', streams: ['nope/*'] });
    expect(r).toEqual({ ok: false, error: 'No stream matches "nope/*".' });
    const bad = await invoke('export:run', { format: 'xlsx', layout: 'wide', out: '/tmp/x' });
    expect(bad.ok).toBe(false);
  });
});
