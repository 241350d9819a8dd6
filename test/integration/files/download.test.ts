import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { safeFileName } from '../../../src-main/files/names';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { say } from '../../../src-main/model';
import { openWorkspace } from '../../../src-main/workspace';
import { partPathFor, type DownloadProgress } from '../../../src-main/files/queue';
import { appDownloadFolder, downloadAccountFiles, refreshFileList } from '../../../src-main/files/service';
import { listSources } from '../../../src-main/store/catalog';
import { listFiles, requeueInterrupted, setFileState, type FileRow } from '../../../src-main/store/files';
import { tempDir } from '../../helpers/tmp';
import { breakingProxy, filesRig, filesUnder, sha256, type FilesRig } from './rig';

/** The simulator's bytes of a file, by the device it belongs to. */
function simBytes(rig: FilesRig, file: FileRow): Buffer {
  const device = listSources(rig.ws.db, rig.account.id).find((s) => s.id === file.sourceId);
  return rig.sim.fileBytes(device?.vendorRef ?? '', file.vendorName);
}

const onServer = (files: FileRow[]) => files.filter((f) => f.vendorStatus === 2 || f.vendorStatus === 3);
const row = (rig: FilesRig, id: number) => listFiles(rig.ws.db, { ids: [id] })[0];

const baseName = (f: FileRow) => f.vendorName.split('/').pop() ?? '';
/** The folder of a file's device under `out`, as `files download --out` makes it. */
const deviceFolder = (rig: FilesRig, f: FileRow) =>
  safeFileName(listSources(rig.ws.db, rig.account.id).find((s) => s.id === f.sourceId)?.name ?? '');

describe('downloading files', () => {
  it('keeps same-name files of two devices apart: DIR/<device>/<vendor name>, never overwritten', async () => {
    const rig = await filesRig();
    const { files } = await refreshFileList(rig.ws, rig.account);
    const folderOf = (f: FileRow) => deviceFolder(rig, f);
    const served = onServer(files);
    // Two loggers recording in step write files of the same names.
    const shared = [
      ...new Set(
        served
          .filter((f) => served.some((g) => g.sourceId !== f.sourceId && baseName(g) === baseName(f)))
          .map(baseName),
      ),
    ];
    expect(shared.length).toBeGreaterThanOrEqual(2);
    const picked = served.filter((f) => shared.slice(0, 2).includes(baseName(f)));
    expect(picked.length).toBeGreaterThanOrEqual(4);
    const out = tempDir();
    const summary = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: picked.map((f) => f.id),
      outDir: out,
      importOsf: false,
    });
    expect(summary.failed).toEqual([]);
    for (const f of picked) {
      const path = join(out, folderOf(f), baseName(f));
      expect(sha256(readFileSync(path)), path).toBe(sha256(simBytes(rig, f)));
      expect(row(rig, f.id).localPath).toBe(path);
    }
    expect(filesUnder(out).sort()).toEqual(picked.map((f) => `${folderOf(f)}/${baseName(f)}`).sort());

    // Again into the same folder: the same content is skipped; other content is never overwritten.
    const [kept, changed] = picked;
    writeFileSync(join(out, folderOf(changed), baseName(changed)), 'the user’s own file');
    for (const f of [kept, changed]) setFileState(rig.ws.db, f.id, 'queued', Date.now());
    const again = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: [kept.id, changed.id],
      outDir: out,
      importOsf: false,
    });
    expect(again.downloaded).toEqual([]);
    expect(again.skipped.map((s) => [s.file.id, say(s.reason, 'en')])).toEqual([
      [kept.id, 'the same file is already there'],
    ]);
    expect(again.failed.map((s) => s.file.id)).toEqual([changed.id]);
    expect(again.failed[0].error).toMatch(/already holds a different file: not overwritten/);
    // Kept as a message beside the English, for a reader in another language.
    const [stored] = listFiles(rig.ws.db, { ids: [changed.id] });
    expect(stored.error).toMatch(/already holds a different file/);
    expect(stored.errorSaid && say(stored.errorSaid, 'de')).toMatch(/enthält bereits eine andere Datei/);
    expect(readFileSync(join(out, folderOf(changed), baseName(changed)), 'utf8')).toBe('the user’s own file');
    expect(filesUnder(out).sort()).toEqual(picked.map((f) => `${folderOf(f)}/${baseName(f)}`).sort());
  });

  it('fetches many files (ZIP batches and singles), each equal to the simulator’s bytes', async () => {
    const rig = await filesRig();
    const { files } = await refreshFileList(rig.ws, rig.account);
    const [first, second] = [...new Set(files.map((f) => f.sourceId))];
    // 41 of one device: two ZIPs of 20 and a single; one of another device: a single.
    const picked = [
      ...onServer(files.filter((f) => f.sourceId === first)).slice(0, 41),
      onServer(files.filter((f) => f.sourceId === second))[0],
    ];
    expect(picked).toHaveLength(42);
    const progress: DownloadProgress[] = [];
    const out = tempDir();
    const summary = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: picked.map((f) => f.id),
      outDir: out,
      importOsf: false,
      onProgress: (p) => progress.push(p),
    });
    expect(summary.failed).toEqual([]);
    expect(summary.downloaded).toHaveLength(42);
    for (const f of picked) {
      const stored = row(rig, f.id);
      expect(stored.state).toBe('downloaded');
      const bytes = readFileSync(stored.localPath ?? '');
      expect(sha256(bytes), f.vendorName).toBe(sha256(simBytes(rig, f)));
      expect(stored.sha256).toBe(sha256(bytes));
      expect(stored.localPath?.startsWith(`${out}/`)).toBe(true);
    }
    // Only the files, under their own names in their device's folder: no .part, ZIP or scratch folder left behind.
    expect(filesUnder(out).sort()).toEqual(picked.map((f) => `${deviceFolder(rig, f)}/${baseName(f)}`).sort());
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ filesDone: 42, filesTotal: 42 });
    expect(last.bytesDone).toBe(last.bytesTotal);
    expect(last.items.every((i) => i.state === 'downloaded')).toBe(true);
    // Progress only ever grows.
    for (let i = 1; i < progress.length; i++)
      expect(progress[i].bytesDone).toBeGreaterThanOrEqual(progress[i - 1].bytesDone);
  });

  it('clears the ZIP batches a killed download left behind, never resumes one, and spares a live one', async () => {
    const rig = await filesRig();
    const { files } = await refreshFileList(rig.ws, rig.account);
    const device = files[0].sourceId;
    const picked = onServer(files.filter((f) => f.sourceId === device)).slice(0, 3);
    const root = tempDir();
    const out = join(root, deviceFolder(rig, picked[0]));
    mkdirSync(out);
    const hourAgo = new Date(Date.now() - 3_600_000);
    writeFileSync(join(out, '.tributary-batch-7.zip.part'), 'half a zip');
    mkdirSync(join(out, '.tributary-extract-x1'));
    writeFileSync(join(out, '.tributary-extract-x1', 'a.bin'), 'half a file');
    for (const name of ['.tributary-batch-7.zip.part', '.tributary-extract-x1'])
      utimesSync(join(out, name), hourAgo, hourAgo);
    writeFileSync(join(out, '.tributary-batch-8.zip.part'), 'another job, now');
    writeFileSync(join(out, 'notes.txt'), 'the user’s own');
    // A fresh leftover under this batch's own name: the ZIP of a new token must not continue it.
    for (const f of picked) writeFileSync(join(out, `.tributary-batch-${f.id}.zip.part`), 'PK junk of an old token');
    const summary = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: picked.map((f) => f.id),
      outDir: root,
      importOsf: false,
    });
    expect(summary.failed).toEqual([]);
    expect(summary.downloaded).toHaveLength(3);
    for (const f of picked) expect(sha256(readFileSync(row(rig, f.id).localPath ?? ''))).toBe(sha256(simBytes(rig, f)));
    const left = readdirSync(out);
    expect(left).not.toContain('.tributary-batch-7.zip.part');
    expect(left).not.toContain('.tributary-extract-x1');
    expect(left).toContain('.tributary-batch-8.zip.part');
    expect(left).toContain('notes.txt');
  });

  it('imports downloaded OSF files into the store, under the device', async () => {
    const rig = await filesRig();
    const { files } = await refreshFileList(rig.ws, rig.account);
    const picked = onServer(files).slice(0, 2);
    const summary = await downloadAccountFiles(rig.ws, rig.account, { fileIds: picked.map((f) => f.id) });
    expect(summary.imports.map((i) => i.error)).toEqual([null, null]);
    expect(summary.imports.every((i) => i.pointsAdded > 0)).toBe(true);
    const folder = appDownloadFolder(
      rig.ws,
      rig.account,
      listSources(rig.ws.db, rig.account.id).find((s) => s.id === picked[0].sourceId),
    );
    expect(row(rig, picked[0].id).localPath?.startsWith(folder)).toBe(true);
  });

  it('fetches the files of an archive that cannot be read one by one, and says so', async () => {
    let proxy: Awaited<ReturnType<typeof breakingProxy>> | null = null;
    const rig = await filesRig({ baseUrl: async (url) => (proxy = await breakingProxy(url)).url });
    const p = proxy as unknown as Awaited<ReturnType<typeof breakingProxy>>;
    const { files } = await refreshFileList(rig.ws, rig.account);
    const picked = onServer(files.filter((f) => f.sourceId === files[0].sourceId)).slice(0, 3);
    p.mode = 'garble-zip';
    const out = tempDir();
    const summary = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: picked.map((f) => f.id),
      outDir: out,
      importOsf: false,
    });
    expect(summary.failed).toEqual([]);
    expect(summary.downloaded).toHaveLength(3);
    expect(summary.archiveNotes).toHaveLength(1);
    expect(say(summary.archiveNotes[0], 'en')).toMatch(
      /^The archive could not be read .*Its 3 files were fetched one by one\.$/,
    );
    expect(say(summary.archiveNotes[0], 'de')).toMatch(/^Das Archiv .*Seine 3 Dateien wurden einzeln geholt\.$/);
    // One ZIP, then one plain GET per file.
    expect(p.ranges).toHaveLength(4);
    for (const f of picked)
      expect(sha256(readFileSync(join(out, deviceFolder(rig, f), baseName(f))))).toBe(sha256(simBytes(rig, f)));
  });

  it('resumes a transfer cut mid-body with Range', async () => {
    let proxy: Awaited<ReturnType<typeof breakingProxy>> | null = null;
    const rig = await filesRig({ baseUrl: async (url) => (proxy = await breakingProxy(url)).url });
    if (!proxy) throw new Error('no proxy');
    const p = proxy as Awaited<ReturnType<typeof breakingProxy>>;
    const { files } = await refreshFileList(rig.ws, rig.account);
    const file = onServer(files)[0];
    const size = file.size ?? 0;
    p.mode = 'cut-once';
    const summary = await downloadAccountFiles(rig.ws, rig.account, {
      fileIds: [file.id],
      outDir: tempDir(),
      importOsf: false,
      retryDelayMs: 10,
    });
    expect(summary.failed).toEqual([]);
    // The second request continued where the cut left the .part: at half the file.
    expect(p.ranges).toEqual([null, `bytes=${Math.floor(size / 2)}-`]);
    expect(sha256(readFileSync(row(rig, file.id).localPath ?? ''))).toBe(sha256(simBytes(rig, file)));
  });

  it('cancels, keeps the .part, and resumes after a restart of the app', async () => {
    let proxy: Awaited<ReturnType<typeof breakingProxy>> | null = null;
    const rig = await filesRig({ baseUrl: async (url) => (proxy = await breakingProxy(url)).url });
    const p = proxy as unknown as Awaited<ReturnType<typeof breakingProxy>>;
    const { files } = await refreshFileList(rig.ws, rig.account);
    const devices = [...new Set(files.map((f) => f.sourceId))];
    // One single per device: each resumable on its own.
    const picked = devices.map((d) => onServer(files.filter((f) => f.sourceId === d))[0]);
    const out = tempDir();
    p.mode = 'stall';
    const controller = new AbortController();
    const running = downloadAccountFiles(rig.ws, rig.account, {
      fileIds: picked.map((f) => f.id),
      outDir: out,
      importOsf: false,
      signal: controller.signal,
    });
    // Cancel once every transfer has half its bytes on disk.
    const half = (f: FileRow) => Math.floor((f.size ?? 0) / 2);
    const partOf = (f: FileRow) => partPathFor(join(out, deviceFolder(rig, f)), f.id);
    const partSize = (f: FileRow) => (existsSync(partOf(f)) ? statSync(partOf(f)).size : -1);
    await vi.waitFor(() => expect(picked.map(partSize)).toEqual(picked.map(half)), { timeout: 10_000, interval: 20 });
    controller.abort();
    const cancelled = await running;
    expect(cancelled.cancelled.map((f) => f.id).sort()).toEqual(picked.map((f) => f.id).sort());
    expect(cancelled.downloaded).toEqual([]);
    for (const f of picked) expect(row(rig, f.id).state).toBe('queued');
    const parts = filesUnder(out).filter((n) => n.endsWith('.part'));
    expect(parts).toHaveLength(picked.length);

    // A crash mid-transfer leaves 'downloading' behind; the next start puts those back in the queue.
    for (const f of picked) setFileState(rig.ws.db, f.id, 'downloading', Date.now());
    const dataDir = rig.ws.dataDir;
    rig.ws.close();
    const ws = openWorkspace(dataDir, { vault: rig.ws.vault, now: rig.ws.now });
    rig.ws = ws;
    expect(requeueInterrupted(ws.db, Date.now())).toBe(picked.length);
    const queued = listFiles(ws.db, { accountId: rig.account.id, states: ['queued'] });
    p.mode = 'pass';
    p.ranges.length = 0;
    const resumed = await downloadAccountFiles(ws, rig.account, {
      fileIds: queued.map((f) => f.id),
      outDir: out,
      importOsf: false,
    });
    expect(resumed.failed).toEqual([]);
    expect(resumed.downloaded).toHaveLength(picked.length);
    // Each transfer continued from its .part.
    expect(p.ranges.sort()).toEqual(picked.map((f) => `bytes=${half(f)}-`).sort());
    for (const f of picked) expect(sha256(readFileSync(row(rig, f.id).localPath ?? ''))).toBe(sha256(simBytes(rig, f)));
    expect(filesUnder(out).filter((n) => n.split('/').pop()?.startsWith('.'))).toEqual([]);
  });
});
