/**
 * File download benchmark (issue 6): 500 files of about 1 MB from the optiCLOUD simulator over loopback,
 * through the app's own path (downloadAccountFiles: ZIP batches, concurrent, resumable, hashed), beside
 * a plain sequential client doing the vendor's two-step flow the way its Python example reads (POST the
 * name → token, GET the token → bytes, write the file; one after another). Twice: loopback as it is,
 * then with every answer delayed as by a WAN round trip.
 * Each side runs in a process of its own, so the figures are its own: the simulator (`--serve`), the
 * app's download (`--app JOB`, opening the workspace this process synced and listed, as the CLI
 * would) and the plain client (`--plain JOB`); the peak RSS printed is that process's (VmHWM).
 * Prints figures only. Standalone: `npx tsx test/bench/files.ts`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount } from '../../src-main/accounts';
import { openWorkspace } from '../../src-main/workspace';
import { downloadAccountFiles, refreshFileList } from '../../src-main/files/service';
import type { BudgetLimits } from '../../src-main/http/budget';
import { accountById, listSources } from '../../src-main/store/catalog';
import { syncAccounts } from '../../src-main/sync/engine';
import { vendors } from '../../src-main/vendors';
import { memoryVault } from '../helpers/memory-vault';
import { simOptions } from '../../src-main/simulators';
import { listen } from '../../src-main/simulators/common/server';
import { createOpticloudSimulator } from '../../src-main/simulators/opticloud/index';
import { startChild, tsxArgs } from './child';
import { fmt, peakRssMb, report } from './measure';

const VENDOR = 'opticloud';
const FILE_COUNT = 500;
/** Each file is its own OSF (~20–50 kB compressed) plus this much incompressible filler: about 1 MB. */
const FILLER_BYTES = 1_000_000;
const MB = 1e6;
/** Loopback as it is, then with each answer delayed as by a WAN round trip (what concurrency is for). */
const RESPONSE_DELAYS_MS = [0, 20];
/** The vendor's budget (120 a minute, burst 10) would pace the sync and the downloads; this measures the client. */
const BENCH_BUDGET: BudgetLimits = { perMinute: 60_000, burst: 100 };

interface Launched {
  baseUrl: string;
  credentials: Record<string, string>;
}

interface RemoteFile {
  deviceId: string;
  name: string;
}

interface Run {
  files: number;
  bytes: number;
  seconds: number;
  /** CPU seconds of the process (user + system) over the download. */
  cpuSeconds: number;
  /** RSS when the download began (node, modules, an open workspace), and the process's peak. */
  startRssMb: number;
  peakRssMb: number;
}

/** What the app's download process is given: the workspace the setup synced and listed. */
interface AppJob {
  workspace: string;
  accountId: string;
  credentials: Record<string, string>;
  fileIds: number[];
}

interface PlainJob {
  sim: Launched;
  files: RemoteFile[];
  outDir: string;
}

/** Child mode: the optiCLOUD simulator at medium scale (~1,200 server files) with ~1 MB files. */
async function serve(responseDelayMs: number): Promise<void> {
  const sim = createOpticloudSimulator(simOptions({ scale: 'medium' }), {
    fillerBytes: FILLER_BYTES,
    responseDelayMs,
  });
  const server = await listen(sim.handler);
  const launched: Launched = { baseUrl: `http://127.0.0.1:${server.port}`, credentials: sim.credentials };
  process.stdout.write(`${JSON.stringify(launched)}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Times `download` in this process; it returns the files and bytes it wrote. */
async function measured(download: () => Promise<{ files: number; bytes: number }>): Promise<Run> {
  const startRssMb = rssMb();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const done = await download();
  const used = process.cpuUsage(cpu);
  return {
    ...done,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    startRssMb,
    peakRssMb: peakRssMb(),
  };
}

const withBenchBudget = <T>(run: () => Promise<T>): Promise<T> => {
  const original = vendors[VENDOR];
  vendors[VENDOR] = { ...original, budget: BENCH_BUDGET };
  return run().finally(() => (vendors[VENDOR] = original));
};

/** Setup, in the parent: account, a sync (it discovers the devices), the file list; the first 500 server files. */
async function prepare(
  dir: string,
  sim: Launched,
): Promise<{ job: AppJob; files: RemoteFile[]; listed: number; seconds: number }> {
  const workspace = join(dir, 'workspace');
  const ws = openWorkspace(workspace, { vault: memoryVault() });
  try {
    return await withBenchBudget(async () => {
      const account = addAccount(ws, { vendor: VENDOR, name: 'bench', baseUrl: sim.baseUrl, secret: sim.credentials });
      const started = performance.now();
      const [synced] = await syncAccounts(ws, null);
      if (!synced || synced.state !== 'ok') throw new Error(`sync ended ${synced?.state}: ${synced?.error}`);
      const listed = await refreshFileList(ws, account);
      const chosen = listed.files
        .filter((f) => f.state === 'remote' && (f.vendorStatus === 2 || f.vendorStatus === 3))
        .slice(0, FILE_COUNT);
      if (chosen.length < FILE_COUNT) throw new Error(`only ${chosen.length} server files listed`);
      const deviceOf = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.vendorRef]));
      return {
        job: { workspace, accountId: account.id, credentials: sim.credentials, fileIds: chosen.map((f) => f.id) },
        files: chosen.map((f) => ({ deviceId: deviceOf.get(f.sourceId ?? -1) ?? '', name: f.vendorName })),
        listed: listed.files.length,
        seconds: (performance.now() - started) / 1000,
      };
    });
  } finally {
    ws.close();
  }
}

/** Child mode: the app's download of the listed files, into the workspace's own folders. */
async function appDownload(job: AppJob): Promise<Run> {
  const vault = memoryVault();
  vault.secrets.set(job.accountId, job.credentials);
  const ws = openWorkspace(job.workspace, { vault });
  try {
    const account = accountById(ws.db, job.accountId);
    if (!account) throw new Error('no bench account in the workspace');
    return await withBenchBudget(() =>
      measured(async () => {
        const summary = await downloadAccountFiles(ws, account, { fileIds: job.fileIds, importOsf: false });
        if (summary.downloaded.length !== job.fileIds.length)
          throw new Error(
            `downloaded ${summary.downloaded.length} of ${job.fileIds.length}: ${summary.failed[0]?.error ?? 'none failed'}`,
          );
        return { files: summary.downloaded.length, bytes: summary.bytes };
      }),
    );
  } finally {
    ws.close();
  }
}

async function checked(res: Response): Promise<Response> {
  if (!res.ok) throw new Error(`${new URL(res.url).pathname}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

/** The vendor's login: the tenant's authority from /noauth/authorization, then /auth/login. */
async function plainLogin(sim: Launched): Promise<Record<string, string>> {
  const { username, password, tenant } = sim.credentials;
  const json = { 'content-type': 'application/json' };
  const entries = (await (
    await checked(
      await fetch(`${sim.baseUrl}/api/noauth/authorization`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username, password }),
      }),
    )
  ).json()) as { tenant?: { name: string }; authorityId: { id: string } }[];
  const selected = entries.find((e) => e.tenant?.name === tenant);
  if (!selected) throw new Error('tenant not found');
  const login = (await (
    await checked(
      await fetch(`${sim.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ username, password, authorityId: selected.authorityId.id }),
      }),
    )
  ).json()) as { token: string };
  return { 'x-authorization': `Bearer ${login.token}` };
}

/** Child mode: what a user would write from the docs: per file, POST its name, GET the token, write the bytes; one at a time. */
function plainDownload({ sim, files, outDir }: PlainJob): Promise<Run> {
  return measured(async () => {
    const auth = await plainLogin(sim);
    let bytes = 0;
    for (const f of files) {
      const device = `${sim.baseUrl}/api/device/${f.deviceId}/data-files/CLIENT_SCOPE`;
      const requested = await fetch(`${device}/download`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify([f.name]),
      });
      const token = await (await checked(requested)).text();
      const content = Buffer.from(
        await (await checked(await fetch(`${device}/token/${token}`, { headers: auth }))).arrayBuffer(),
      );
      const folder = join(outDir, f.deviceId);
      mkdirSync(folder, { recursive: true });
      await writeFile(join(folder, f.name.split('/').pop() ?? 'file.osfz'), content);
      bytes += content.length;
    }
    return { files: files.length, bytes };
  });
}

/** Runs this file in `mode` with the job in a file, and returns the Run it prints. */
async function runChild(mode: '--app' | '--plain', dir: string, job: AppJob | PlainJob): Promise<Run> {
  const jobPath = join(dir, `${mode.slice(2)}-job.json`);
  writeFileSync(jobPath, JSON.stringify(job));
  const [node, args] = tsxArgs('test/bench/files.ts', [mode, jobPath]);
  const child = await startChild(node, args, 600_000);
  await child.stop();
  return JSON.parse(child.firstLine) as Run;
}

const mbPerSecond = (r: Run) => r.bytes / MB / r.seconds;

async function benchAt(responseDelayMs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-files-'));
  const [node, args] = tsxArgs('test/bench/files.ts', ['--serve', String(responseDelayMs)]);
  const simulator = await startChild(node, args);
  try {
    const sim = JSON.parse(simulator.firstLine) as Launched;
    const setup = await prepare(dir, sim);
    const app = await runChild('--app', dir, setup.job);
    const plain = await runChild('--plain', dir, { sim, files: setup.files, outDir: join(dir, 'plain') });
    const vendorBudget = vendors[VENDOR].budget;
    const link = responseDelayMs === 0 ? 'loopback' : `loopback + ${responseDelayMs} ms per answer`;
    const side = (name: string, r: Run) => ({
      [`${name}: files downloaded`]: fmt(r.files),
      [`${name}: MB`]: r.bytes / MB,
      [`${name}: seconds`]: r.seconds,
      [`${name}: MB/s`]: mbPerSecond(r),
      [`${name}: files/s`]: r.files / r.seconds,
      [`${name}: CPU seconds`]: r.cpuSeconds,
      [`${name}: RSS when it began, MB`]: r.startRssMb,
      [`${name}: peak RSS, MB${name === 'app' ? ' (target < 250)' : ''}`]: r.peakRssMb,
    });
    report(`Files: ${FILE_COUNT} × ~1 MB from the optiCLOUD simulator, ${link}`, {
      'request budget used': `${fmt(BENCH_BUDGET.perMinute)}/min, burst ${BENCH_BUDGET.burst} (bench override; vendor's ${fmt(vendorBudget.perMinute)}/min, burst ${vendorBudget.burst ?? '-'})`,
      'setup (sync + file list, not timed), s': setup.seconds,
      'files listed': fmt(setup.listed),
      ...side('app', app),
      ...side('plain client', plain),
      'simulator peak RSS, MB': simulator.peakRssMb() ?? 'n/a',
      'ratio app / plain, MB/s (target ≥ 3)': mbPerSecond(app) / mbPerSecond(plain),
    });
  } finally {
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFiles(): Promise<void> {
  for (const delayMs of RESPONSE_DELAYS_MS) await benchAt(delayMs);
}

/** The child modes print one line: the simulator's address, or a download's Run. */
async function childMode(mode: string | undefined, arg: string | undefined): Promise<void> {
  if (mode === '--serve') return serve(Number(arg ?? 0));
  const job = JSON.parse(readFileSync(arg ?? '', 'utf8')) as AppJob & PlainJob;
  const run = mode === '--app' ? await appDownload(job) : await plainDownload(job);
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

if (process.argv[1]?.endsWith(join('bench', 'files.ts'))) {
  const [mode, arg] = process.argv.slice(2);
  (mode ? childMode(mode, arg) : benchFiles()).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
