import { describe, expect, it } from 'vitest';
import type { FileListView } from '../../../src-main/api/contract';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import { createDownloadTickets } from '../../../src-main/api/transfers';
import { newLaunchToken, startWebServer } from '../../../src-main/api/web';
import { createDemoService } from '../../../src-main/demo';
import { listSources } from '../../../src-main/store/catalog';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { rawRequest } from '../../helpers/raw-http';
import { readZip } from '../../helpers/read-zip';
import { tempDir } from '../../helpers/tmp';
import { filesRig, NOW } from '../files/rig';

/** A browser-mode server over a synced optiCLOUD account, its clock pinned where the tickets can lapse. */
async function browserRig() {
  const rig = await filesRig();
  let clock = NOW;
  const token = newLaunchToken();
  const tickets = createDownloadTickets(token, () => clock);
  const handlers = createHandlers({
    ws: rig.ws,
    mode: 'browser',
    version: 'test',
    scheduler: createSyncScheduler(rig.ws),
    demo: createDemoService(rig.ws, () => undefined),
    tickets,
  });
  const web = await startWebServer({ handlers, events: rig.ws.events, rendererDir: tempDir(), token, tickets });
  const call = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, input);
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };
  return { ...rig, web, call, pass: (ms: number) => (clock += ms) };
}

describe('downloaded logger files in browser mode', () => {
  it('hands them to the browser once per ticket: one file as it is, several as a ZIP by device', async () => {
    const { sim, ws, account, web, call, pass } = await browserRig();
    try {
      const list = await call<FileListView>('files:list', { accountId: account.id, refresh: true });
      // One file of each device that has one on the server.
      const picked = [...new Map(list.files.filter((f) => f.status === 2).map((f) => [f.sourceId, f])).values()];
      expect(picked.length).toBeGreaterThanOrEqual(2);
      const done = new Promise<void>((ok) => ws.events.on('files:progress', (p) => p.state !== 'running' && ok()));
      await call('files:download', { accountId: account.id, fileIds: picked.map((f) => f.id) });
      await done;

      const after = await call<FileListView>('files:list', { accountId: account.id });
      const mine = after.files.filter((f) => picked.some((p) => p.id === f.id));
      expect(mine.every((f) => f.downloaded)).toBe(true);
      // The server's paths stay on the server.
      expect(mine.every((f) => f.localPath === null)).toBe(true);
      await expect(call('files:reveal', { fileId: mine[0].id })).rejects.toThrow('for the desktop app');

      const sources = listSources(ws.db, account.id);
      const device = (id: number | null) => sources.find((s) => s.id === id);
      const simBytes = (f: (typeof mine)[number]) => sim.fileBytes(device(f.sourceId)?.vendorRef ?? '', f.vendorName);

      const one = await call<{ url: string; name: string }>('files:ticket', {
        accountId: account.id,
        fileIds: [mine[0].id],
      });
      expect(one.name).toBe(mine[0].name);
      // The reply names the file, never where it is.
      expect(one.url).toMatch(/^\/api\/download\/[A-Za-z0-9_-]{43}$/);
      const first = await rawRequest(web.port, one.url);
      expect(first.status).toBe(200);
      expect(first.headers['content-disposition']).toContain(`filename="${mine[0].name}"`);
      expect(first.body.equals(simBytes(mine[0]))).toBe(true);
      expect((await rawRequest(web.port, one.url)).status).toBe(404);

      const all = await call<{ url: string; name: string }>('files:ticket', {
        accountId: account.id,
        fileIds: mine.map((f) => f.id),
      });
      expect(all.name).toBe(`Hydro-${mine.length}-files.zip`);
      const zip = await rawRequest(web.port, all.url);
      expect(zip.status).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      expect(Number(zip.headers['content-length'])).toBe(zip.body.length);
      const entries = await readZip(zip.body);
      expect(entries.map((e) => e.name).sort()).toEqual(
        mine.map((f) => `${device(f.sourceId)?.name}/${f.name}`).sort(),
      );
      for (const f of mine) {
        const entry = entries.find((e) => e.name === `${device(f.sourceId)?.name}/${f.name}`);
        expect(entry?.data.equals(simBytes(f))).toBe(true);
      }

      // Lapsed after a minute; forged or from another launch: refused alike.
      const late = await call<{ url: string }>('files:ticket', { accountId: account.id, fileIds: [mine[1].id] });
      pass(60_001);
      expect((await rawRequest(web.port, late.url)).status).toBe(404);
      const other = createDownloadTickets(newLaunchToken()).issue({ path: '/etc/passwd', name: 'passwd' });
      expect((await rawRequest(web.port, `/api/download/${other}`)).status).toBe(404);

      // Only this account's files that are downloaded.
      const notHere = after.files.find((f) => !f.downloaded);
      await expect(
        call('files:ticket', { accountId: account.id, fileIds: [mine[0].id, notHere?.id ?? 0] }),
      ).rejects.toThrow('downloaded');
    } finally {
      await web.close();
    }
  });
});
