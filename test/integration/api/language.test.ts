/**
 * Main speaks the window's language (issue 20): the window reports it with `ui:language`, and the
 * transport's failures, the credential states, the retention warnings and stored sync failures follow it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reader } from '../../../src-main/api/context';
import { createHandlers } from '../../../src-main/api/handlers';
import { startWebServer, type WebServer } from '../../../src-main/api/web';
import { decodeWire } from '../../../src-main/api/wire';
import { addAccount } from '../../../src-main/accounts';
import { createDemoService } from '../../../src-main/demo';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { said } from '../../../src-main/model';
import { listAccounts, upsertSource, upsertStream } from '../../../src-main/store/catalog';
import { recordStreamError } from '../../../src-main/store/status';
import { syncAccount } from '../../../src-main/sync/engine';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { memoryVault } from '../../helpers/memory-vault';
import { rawRequest } from '../../helpers/raw-http';
import { awaitEvent } from '../../helpers/sse';
import { tempDir } from '../../helpers/tmp';

let ws: Workspace;
let vault: ReturnType<typeof memoryVault>;
let web: WebServer;
const reader: Reader = { language: 'en' };

beforeEach(async () => {
  const dir = tempDir();
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  vault = memoryVault();
  ws = openWorkspace(join(dir, 'ws'), { vault });
  reader.language = 'en';
  const scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, () => undefined);
  web = await startWebServer({
    handlers: createHandlers({ ws, mode: 'browser', version: 'test', reader, scheduler, demo }),
    events: ws.events,
    rendererDir,
    language: () => reader.language,
  });
});

afterEach(async () => {
  await web.close();
  ws.close();
});

async function invoke(channel: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const r = await rawRequest(web.port, `/api/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}` },
    body: JSON.stringify(body),
  });
  return decodeWire(r.text) as { ok: boolean; value?: unknown; error?: string };
}

describe("main's texts in the window's language", () => {
  it('switch when the window reports German, and views are told to reload', async () => {
    addAccount(ws, { vendor: 'opti', name: 'Demo', baseUrl: 'http://127.0.0.1:1', secret: { key: 'k' } });
    const changes: string[] = [];
    ws.events.on('store:changed', (e) => changes.push(e.reason));

    expect(await invoke('accounts:test', { id: 'nope' })).toEqual({ ok: false, error: 'No such account.' });
    const english = (await invoke('accounts:list', {})).value as { credentialsText: string }[];
    expect(english[0].credentialsText).toBe('credentials in the keychain');

    expect(await invoke('ui:language', { language: 'de' })).toEqual({ ok: true, value: null });
    expect(changes).toEqual(['language']);
    expect(await invoke('accounts:test', { id: 'nope' })).toEqual({ ok: false, error: 'Dieses Konto gibt es nicht.' });
    const german = (await invoke('accounts:list', {})).value as { credentialsText: string }[];
    expect(german[0].credentialsText).toBe('Zugangsdaten im Schlüsselbund');

    // The same language again changes nothing and reloads nothing.
    await invoke('ui:language', { language: 'de' });
    expect(changes).toEqual(['language']);
    expect((await invoke('ui:language', { language: 'fr' })).ok).toBe(false);
  });

  it("words a failed sync's stored error in the reader's language, in the account and its history", async () => {
    addAccount(ws, { vendor: 'opti', name: 'Demo', baseUrl: 'http://127.0.0.1:1', secret: { key: 'k' } });
    vault.secrets.clear();
    const [account] = listAccounts(ws.db);
    const result = await syncAccount(ws, account);
    expect(result.state).toBe('failed');

    const errors = async () => ({
      lastRun: ((await invoke('accounts:list', {})).value as { lastRun: { error: string } }[])[0].lastRun.error,
      history: ((await invoke('sync:history', { accountId: account.id })).value as { error: string }[])[0].error,
    });
    const english = 'No credentials are stored for "Demo".';
    const german = 'Für „Demo“ sind keine Zugangsdaten gespeichert.';
    expect(await errors()).toEqual({ lastRun: english, history: english });
    await invoke('ui:language', { language: 'de' });
    expect(await errors()).toEqual({ lastRun: german, history: german });
    await invoke('ui:language', { language: 'en' });
    expect(await errors()).toEqual({ lastRun: english, history: english });
  });

  it("pushes a sync's progress text in the reader's language over SSE", async () => {
    addAccount(ws, { vendor: 'opti', name: 'Demo', baseUrl: 'http://127.0.0.1:1', secret: { key: 'k' } });
    vault.secrets.clear();
    const [account] = listAccounts(ws.db);
    await invoke('ui:language', { language: 'de' });
    const frame = awaitEvent(web, (text) => /event: sync:progress\ndata: (.*)\n/.exec(text)?.[1]);
    await new Promise((r) => setTimeout(r, 100));
    await syncAccount(ws, account);
    expect(decodeWire(await frame)).toMatchObject({
      state: 'failed',
      message: 'Für „Demo“ sind keine Zugangsdaten gespeichert.',
    });
  });

  it("words a stream's kept failure in the reader's language, in the tree and the sources' health", async () => {
    addAccount(ws, { vendor: 'opti', name: 'Demo', baseUrl: 'http://127.0.0.1:1', secret: { key: 'k' } });
    const [account] = listAccounts(ws.db);
    const sourceId = upsertSource(ws.db, { accountId: account.id, vendorRef: 'f1', name: 'Facility' });
    const streamId = upsertStream(
      ws.db,
      { key: 'opti/1', vendor: 'opti', accountId: account.id, sourceId, name: 'Level', unit: 'm', kind: 'number' },
      0,
    );
    recordStreamError(ws.db, streamId, said('http.notJson', { host: 'opti.example' }), 0);

    const errors = async () => ({
      tree: ((await invoke('streams:tree', {})).value as { streams: { lastError: string }[] }).streams[0].lastError,
      sources: ((await invoke('sources:list', {})).value as { lastError: string }[])[0].lastError,
    });
    const english = 'The answer from opti.example was not valid JSON.';
    const german = 'Die Antwort von opti.example war kein gültiges JSON.';
    expect(await errors()).toEqual({ tree: english, sources: english });
    await invoke('ui:language', { language: 'de' });
    expect(await errors()).toEqual({ tree: german, sources: german });
  });
});
