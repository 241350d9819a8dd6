/**
 * File download benchmark (issue 6): 500 files of about 1 MB from the optiCLOUD simulator over loopback,
 * through the app's own path (refreshFileList, then downloadAccountFiles: ZIP batches, concurrent,
 * resumable, hashed), beside a plain sequential client doing the vendor's two-step flow the way its
 * Python example reads (POST the name → token, GET the token → bytes, write the file; one after another).
 * Twice: loopback as it is, then with every answer delayed as by a WAN round trip.
 * The simulator runs in a child process (this file with `--serve`), so the RSS printed is the
 * client's; its peak is reset before each download (Linux clear_refs) and printed beside the RSS the
 * process already held (the sync before it), so the download's own share shows.
 * Prints figures only. Standalone: `npx tsx test/bench/files.ts`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount } from '../../src-main/api/handlers';
import { openWorkspace } from '../../src-main/api/workspace';
import { downloadAccountFiles, refreshFileList } from '../../src-main/files/service';
import type { BudgetLimits } from '../../src-main/http/budget';
import { listSources } from '../../src-main/store/catalog';
import { syncAccounts } from '../../src-main/sync/engine';
import { vendors } from '../../src-main/vendors';
import { memoryVault } from '../helpers/memory-vault';
import { simOptions } from '../simulators';
import { listen } from '../simulators/common/server';
import { createOpticloudSimulator } from '../simulators/opticloud/index';
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
  /** CPU seconds of this process (user + system) over the download. */
  cpuSeconds: number;
  /** RSS when the download began (what the process held already), and the peak during it. */
  startRssMb: number;
  peakRssMb: number;
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

/** Restarts this process's peak RSS count (Linux ≥ 4.0); false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const rssMb = () => process.memoryUsage().rss / 2 ** 20;

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The app: account, a sync (it discovers the devices), the file list, then one download job of the first 500 server files. */
async function appClient(dir: string, sim: Launched) {
  const ws = openWorkspace(join(dir, 'workspace'), { vault: memoryVault() });
  const original = vendors[VENDOR];
  vendors[VENDOR] = { ...original, budget: BENCH_BUDGET };
  try {
    const account = addAccount(ws, { vendor: VENDOR, name: 'bench', baseUrl: sim.baseUrl, secret: sim.credentials });
    const setupStarted = performance.now();
    const [synced] = await syncAccounts(ws, null);
    if (!synced || synced.state !== 'ok') throw new Error(`sync ended ${synced?.state}: ${synced?.error}`);
    const listed = await refreshFileList(ws, account);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const chosen = listed.files
      .filter((f) => f.state === 'remote' && (f.vendorStatus === 2 || f.vendorStatus === 3))
      .slice(0, FILE_COUNT);
    if (chosen.length < FILE_COUNT) throw new Error(`only ${chosen.length} server files listed`);
    const deviceOf = new Map(listSources(ws.db, account.id).map((s) => [s.id, s.vendorRef]));
    const resetOk = resetPeakRss();
    const startRssMb = rssMb();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await downloadAccountFiles(ws, account, { fileIds: chosen.map((f) => f.id), importOsf: false });
    const run: Run = {
      files: summary.downloaded.length,
      bytes: summary.bytes,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: cpuSecondsSince(cpu),
      startRssMb,
      peakRssMb: peakRssMb(),
    };
    if (run.files !== FILE_COUNT)
      throw new Error(`downloaded ${run.files} of ${FILE_COUNT}: ${summary.failed[0]?.error ?? 'none failed'}`);
    const files: RemoteFile[] = chosen.map((f) => ({
      deviceId: deviceOf.get(f.sourceId ?? -1) ?? '',
      name: f.vendorName,
    }));
    return { run, files, setupSeconds, listed: listed.files.length, resetOk };
  } finally {
    vendors[VENDOR] = original;
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

/** What a user would write from the docs: per file, POST its name, GET the token, write the bytes; one at a time. */
async function plainClient(outDir: string, sim: Launched, files: RemoteFile[]): Promise<Run> {
  resetPeakRss();
  const startRssMb = rssMb();
  const started = performance.now();
  const cpu = process.cpuUsage();
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
  return {
    files: files.length,
    bytes,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSecondsSince(cpu),
    startRssMb,
    peakRssMb: peakRssMb(),
  };
}

const mbPerSecond = (r: Run) => r.bytes / MB / r.seconds;

async function benchAt(responseDelayMs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-files-'));
  const [node, args] = tsxArgs('test/bench/files.ts', ['--serve', String(responseDelayMs)]);
  const simulator = await startChild(node, args);
  try {
    const sim = JSON.parse(simulator.firstLine) as Launched;
    const app = await appClient(dir, sim);
    const plain = await plainClient(join(dir, 'plain'), sim, app.files);
    const vendorBudget = vendors[VENDOR].budget;
    const link = responseDelayMs === 0 ? 'loopback' : `loopback + ${responseDelayMs} ms per answer`;
    report(`Files: ${FILE_COUNT} × ~1 MB from the optiCLOUD simulator, ${link}`, {
      'request budget used': `${fmt(BENCH_BUDGET.perMinute)}/min, burst ${BENCH_BUDGET.burst} (bench override; vendor's ${fmt(vendorBudget.perMinute)}/min, burst ${vendorBudget.burst ?? '-'})`,
      'setup (sync + file list, not timed), s': app.setupSeconds,
      'files listed': fmt(app.listed),
      'app: files downloaded': fmt(app.run.files),
      'app: MB': app.run.bytes / MB,
      'app: seconds': app.run.seconds,
      'app: MB/s': mbPerSecond(app.run),
      'app: files/s': app.run.files / app.run.seconds,
      'app: CPU seconds (this process)': app.run.cpuSeconds,
      'app: RSS when the download began, MB': app.run.startRssMb,
      [`app: peak RSS${app.resetOk ? ' of the download' : ''}, MB (target < 250)`]: app.run.peakRssMb,
      'plain client: files downloaded': fmt(plain.files),
      'plain client: MB': plain.bytes / MB,
      'plain client: seconds': plain.seconds,
      'plain client: MB/s': mbPerSecond(plain),
      'plain client: files/s': plain.files / plain.seconds,
      'plain client: CPU seconds (this process)': plain.cpuSeconds,
      'plain client: RSS when it began, MB': plain.startRssMb,
      'plain client: peak RSS, MB': plain.peakRssMb,
      'simulator (child) peak RSS, MB': simulator.peakRssMb() ?? 'n/a',
      'ratio app / plain, MB/s (target ≥ 3)': mbPerSecond(app.run) / mbPerSecond(plain),
    });
  } finally {
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFiles(): Promise<void> {
  for (const delayMs of RESPONSE_DELAYS_MS) await benchAt(delayMs);
}

if (process.argv[1]?.endsWith(join('bench', 'files.ts'))) {
  (process.argv[2] === '--serve' ? serve(Number(process.argv[3] ?? 0)) : benchFiles()).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
