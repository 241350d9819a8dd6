import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appDownloadFolder, downloadAccountFiles, refreshFileList } from '../../../src-main/files/service';
import { listSources } from '../../../src-main/store/catalog';
import { syncAccounts } from '../../../src-main/sync/engine';
import type { FaultMode } from '../../../src-main/simulators/common/faults';
import { listen } from '../../../src-main/simulators/common/server';
import { createOpendatasoftSimulator } from '../../../src-main/simulators/opendatasoft';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';
import { filesUnder, sha256 } from './rig';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DATASET = 'weather-observations';
const ATTACHMENT = 'station-metadata.csv';

/** An OpenDataSoft portal, a workspace with an account on it, synced (last 10 days) so its datasets are sources. */
async function odsRig(faults: FaultMode) {
  const sim = createOpendatasoftSimulator({ seed: 5, faults, now: () => NOW, scale: 'small' });
  const server = await listen(sim.handler);
  afterEach(() => server.close());
  const baseUrl = `http://127.0.0.1:${server.port}${sim.basePath}`;
  const ws = testWorkspace({ now: () => NOW });
  const account = addSimulatorAccount(ws, 'opendatasoft', baseUrl, sim.credentials, 'Lyon');
  const [result] = await syncAccounts(ws, [account.id], { from: (NOW - 10 * 86_400_000) * 1000 });
  // Hostile records fail some feeds; the datasets are known all the same.
  if (faults === 'none') expect(result.state).toBe('ok');
  const sources = listSources(ws.db, account.id).filter((s) => s.parentId === null);
  expect(sources.length).toBeGreaterThan(1);
  /** The bytes the portal itself serves at `path` (under the Explore API), with the account's key. */
  const portalBytes = async (path: string) => {
    const res = await fetch(`${baseUrl}/api/explore/v2.1${path}`, {
      headers: { authorization: `Apikey ${sim.credentials.apikey}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  return { ws, account, sources, portalBytes };
}

describe('OpenDataSoft dataset files', () => {
  it('lists every dataset’s exports and attachments, and downloads them byte for byte', async () => {
    const { ws, account, sources, portalBytes } = await odsRig('none');
    const { files, problems } = await refreshFileList(ws, account);
    expect(problems).toEqual([]);
    for (const source of sources) {
      const names = files.filter((f) => f.sourceId === source.id).map((f) => f.vendorName);
      const attachments = source.vendorRef === DATASET ? [ATTACHMENT] : [];
      expect(names.sort()).toEqual([...attachments, `${source.vendorRef}.csv`, `${source.vendorRef}.jsonl`].sort());
    }
    expect(files.every((f) => f.vendorStatus === null && f.startTs === null && f.state === 'remote')).toBe(true);

    const dataset = sources.find((s) => s.vendorRef === DATASET);
    const wanted = files.filter(
      (f) => f.sourceId === dataset?.id && [ATTACHMENT, `${DATASET}.csv`, `${DATASET}.jsonl`].includes(f.vendorName),
    );
    expect(wanted).toHaveLength(3);
    const summary = await downloadAccountFiles(ws, account, { fileIds: wanted.map((f) => f.id), retryDelayMs: 10 });
    expect(summary.failed).toEqual([]);
    expect(summary.downloaded).toHaveLength(3);

    const folder = appDownloadFolder(ws, account, dataset);
    const local = (name: string) => {
      const row = summary.downloaded.find((f) => f.vendorName === name);
      expect(row?.localPath).toBe(join(folder, name));
      return readFileSync(row?.localPath ?? '');
    };
    const csv = local(`${DATASET}.csv`);
    expect(csv.length).toBeGreaterThan(1000);
    expect(sha256(csv)).toBe(sha256(await portalBytes(`/catalog/datasets/${DATASET}/exports/csv`)));
    expect(local(`${DATASET}.jsonl`)).toEqual(await portalBytes(`/catalog/datasets/${DATASET}/exports/jsonl`));
    const attachment = local(ATTACHMENT);
    expect(attachment.toString()).toMatch(/^station;altitude_m;opened\n/);
    expect(attachment).toEqual(await portalBytes(`/catalog/datasets/${DATASET}/attachments/station_metadata_csv`));
    expect(summary.downloaded.find((f) => f.vendorName === ATTACHMENT)?.sha256).toBe(sha256(attachment));
  });

  it('keeps a hostile attachment title (`../../…`) inside the dataset’s folder', async () => {
    const { ws, account, sources } = await odsRig('hostile');
    const { files } = await refreshFileList(ws, account);
    const dataset = sources.find((s) => s.vendorRef === DATASET);
    const hostile = files.find((f) => f.sourceId === dataset?.id && f.vendorName.startsWith('../'));
    expect(hostile?.vendorName).toBe(`../../../../etc/cron.d/${ATTACHMENT}`);
    const summary = await downloadAccountFiles(ws, account, { fileIds: [hostile?.id ?? -1] });
    expect(summary.failed).toEqual([]);
    const folder = appDownloadFolder(ws, account, dataset);
    expect(summary.downloaded.map((f) => f.localPath)).toEqual([join(folder, ATTACHMENT)]);
    expect(readFileSync(join(folder, ATTACHMENT), 'utf8')).toMatch(/^station;/);
    // Nothing climbed out: the downloads tree holds that one file, and no `etc` appeared above it.
    const downloads = join(ws.dataDir, 'downloads');
    expect(filesUnder(downloads)).toEqual([relative(downloads, join(folder, ATTACHMENT))]);
    for (let dir = folder; dir !== dirname(dir); dir = dirname(dir))
      expect(existsSync(join(dir, 'etc/cron.d'))).toBe(false);
  });
});
