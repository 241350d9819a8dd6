import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FileListView } from '../../../src-main/api/contract';
import type { Events } from '../../../src-main/model/events';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import { createDemoService } from '../../../src-main/demo';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { syncAccounts } from '../../../src-main/sync/engine';
import { setFileState } from '../../../src-main/store/files';
import { listSources } from '../../../src-main/store/catalog';
import type { Workspace } from '../../../src-main/workspace';
import { addSimulatorAccount } from '../../helpers/workspace';
import { filesRig, sha256 } from './rig';

function api(ws: Workspace, revealPath?: (path: string) => void) {
  const handlers = createHandlers({
    ws,
    mode: 'electron',
    version: 'test',
    scheduler: createSyncScheduler(ws),
    demo: createDemoService(ws, () => undefined),
    revealPath,
  });
  return async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, input);
    if (!r.ok) throw new Error(r.error);
    return r.value as T;
  };
}

describe('files channels', () => {
  it('lists with status words, downloads in the background with progress events, reveals, and resumes after a restart', async () => {
    const { sim, ws, account } = await filesRig();
    const revealed: string[] = [];
    const call = api(ws, (p) => revealed.push(p));
    const list = await call<FileListView>('files:list', { accountId: account.id, refresh: true });
    expect(list.problems).toEqual([]);
    expect(list.devices).toHaveLength(3);
    expect(new Set(list.files.map((f) => f.statusText))).toEqual(
      new Set(['only on the device', 'only on the server', 'on the device and the server']),
    );
    const picked = list.files.filter((f) => f.status === 2).slice(0, 3);
    expect(picked.every((f) => !f.downloaded && f.localPath === null && f.name.endsWith('.osfz'))).toBe(true);

    const events: Events['files:progress'][] = [];
    ws.events.on('files:progress', (p) => events.push(p));
    const finished = new Promise<void>((done) =>
      ws.events.on('files:progress', (p) => p.state !== 'running' && done()),
    );
    expect(await call('files:download', { accountId: account.id, fileIds: picked.map((f) => f.id) })).toEqual({
      queued: 3,
    });
    await finished;
    const last = events[events.length - 1];
    expect(last).toMatchObject({ accountId: account.id, state: 'done', filesDone: 3, filesTotal: 3, message: null });
    expect(last.items.map((i) => i.state)).toEqual(['downloaded', 'downloaded', 'downloaded']);

    const after = await call<FileListView>('files:list', { accountId: account.id });
    const device = (id: number | null) => listSources(ws.db, account.id).find((s) => s.id === id)?.vendorRef ?? '';
    for (const f of after.files.filter((x) => picked.some((p) => p.id === x.id))) {
      expect(f.downloaded).toBe(true);
      expect(sha256(readFileSync(f.localPath ?? ''))).toBe(sha256(sim.fileBytes(device(f.sourceId), f.vendorName)));
    }
    // Auto-import (default on): the files' channels are streams now.
    const tree = await call<{ streams: { key: string }[] }>('streams:tree', {});
    expect(tree.streams.some((s) => s.key.startsWith(`osf/${device(picked[0].sourceId)}/`))).toBe(true);

    const shown = await call<{ path: string; shown: boolean }>('files:reveal', { fileId: picked[0].id });
    expect(shown.shown).toBe(true);
    expect(revealed).toEqual([shown.path]);
    await expect(call('files:reveal', { fileId: list.files.find((f) => f.status === 0)?.id })).rejects.toThrow(
      'This file is not downloaded.',
    );
    await expect(call('files:download', { accountId: account.id, fileIds: [999_999] })).rejects.toThrow(
      'do not belong to this account',
    );

    // A quit mid-transfer: the next start lists it as interrupted; Resume is a download of those.
    const next = list.files.filter((f) => f.status === 3)[0];
    setFileState(ws.db, next.id, 'downloading', Date.now());
    const restarted = api(ws);
    const interrupted = (await restarted<FileListView>('files:list', { accountId: account.id })).interrupted;
    expect(interrupted).toEqual([next.id]);
    const resumed = new Promise<void>((done) => ws.events.on('files:progress', (p) => p.state !== 'running' && done()));
    await restarted('files:download', { accountId: account.id, fileIds: interrupted });
    await resumed;
    const final = await restarted<FileListView>('files:list', { accountId: account.id });
    expect(final.interrupted).toEqual([]);
    expect(final.files.find((f) => f.id === next.id)?.downloaded).toBe(true);
    // Browser mode has no file manager to open: the path comes back to be shown.
    expect(await restarted('files:reveal', { fileId: next.id })).toMatchObject({ shown: false });
  });

  it('orders an OpenSense report and downloads its PDF into the downloads folder', async () => {
    const { sims, ws } = await filesRig();
    const account = addSimulatorAccount(ws, 'opensense', sims.baseUrls.opensense, sims.credentials.opensense, 'Sense');
    await syncAccounts(ws, [account.id], { from: (Date.parse('2026-11-20T12:00:00Z') - 3_600_000) * 1000 });
    const site = listSources(ws.db, account.id).find((s) => s.parentId === null);
    expect(site).toBeDefined();
    const call = api(ws);
    const r = await call<{ reportId: string; path: string }>('reports:create', {
      accountId: account.id,
      siteId: site?.vendorRef,
      template: 'monthly_summary',
      from: '2026-11-01',
      to: '2026-11-19',
    });
    expect(r.reportId).toMatch(/^rpt_/);
    expect(r.path.startsWith(`${ws.dataDir}/downloads/`)).toBe(true);
    expect(readFileSync(r.path).subarray(0, 5).toString()).toBe('%PDF-');
    const files = await call<FileListView>('files:list', { accountId: account.id });
    expect(files.files).toMatchObject([{ localPath: r.path, downloaded: true }]);
  });
});
