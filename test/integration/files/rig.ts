/**
 * Shared parts of the files tests: the simulators with a pinned present, a real workspace with an
 * optiCLOUD account, a sync so the devices exist, and a loopback proxy that can break downloads.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request as forward, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { Workspace } from '../../../src-main/workspace';
import type { AccountRow } from '../../../src-main/store/catalog';
import { syncAccounts } from '../../../src-main/sync/engine';
import { simOptions, startSimulators, type Simulators } from '../../../src-main/simulators';
import { listen } from '../../../src-main/simulators/common/server';
import { createOpticloudSimulator, type OpticloudSimulator } from '../../../src-main/simulators/opticloud/index';
import { addSimulatorAccount, testWorkspace } from '../../helpers/workspace';

export const NOW = Date.parse('2026-11-20T12:00:00Z');
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface FilesRig {
  sims: Simulators;
  sim: OpticloudSimulator;
  ws: Workspace;
  account: AccountRow;
}

export interface RigOptions {
  /** Puts something (a proxy) between the account and the simulator. */
  baseUrl?: (simUrl: string) => Promise<string>;
  /** Devices call in only when the test says (`sim.connectDevice`), not after a few requests. */
  manualConnect?: boolean;
}

/** Simulators + workspace + an optiCLOUD account (optionally behind `baseUrl`), synced so its devices exist. */
export async function filesRig(options: RigOptions = {}): Promise<FilesRig> {
  const launch = { seed: 3, now: NOW, scale: 'small' } as const;
  const sims = await startSimulators(launch);
  afterEach(() => sims.close());
  let simUrl = sims.baseUrls.opticloud;
  if (options.manualConnect) {
    const sim = createOpticloudSimulator(simOptions(launch), {
      connectAfterRequests: Infinity,
      connectAfterMs: Infinity,
    });
    const server = await listen(sim.handler);
    afterEach(() => server.close());
    sims.sims.opticloud = sim;
    simUrl = `http://127.0.0.1:${server.port}`;
  }
  const ws = testWorkspace({ now: () => NOW });
  const baseUrl = options.baseUrl ? await options.baseUrl(simUrl) : simUrl;
  const account = addSimulatorAccount(ws, 'opticloud', baseUrl, sims.credentials.opticloud, 'Hydro');
  // Telemetry of the last day only: the tests need the devices, not the history.
  const [result] = await syncAccounts(ws, [account.id], { from: (NOW - 86_400_000) * 1000 });
  if (result.state !== 'ok') throw new Error(`sync failed: ${result.error ?? JSON.stringify(result.failures)}`);
  return { sims, sim: sims.sims.opticloud as OpticloudSimulator, ws, account };
}

/** Every file under a folder, recursively, with paths relative to it. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath.slice(dir.length + 1)}${e.parentPath === dir ? '' : '/'}${e.name}`.replace(/^\//, ''));
}

export type ProxyMode =
  /** Forward everything. */
  | 'pass'
  /** The next file body stops halfway and the connection is cut. */
  | 'cut-once'
  /** File bodies stop halfway and hang there (until the client gives up). */
  | 'stall'
  /** ZIP bodies arrive whole, but their end-of-directory record is garbled: the archive cannot be read. */
  | 'garble-zip';

export interface BreakingProxy {
  url: string;
  mode: ProxyMode;
  /** The Range header of every file GET, in order (null when none). */
  ranges: (string | null)[];
  close(): Promise<void>;
}

const FILE_GET = /\/data-files\/CLIENT_SCOPE\/token\//;

/** A loopback proxy in front of a simulator that can cut or stall the file downloads it forwards. */
export async function breakingProxy(target: string): Promise<BreakingProxy> {
  const upstream = new URL(target);
  const held = new Set<ServerResponse>();
  const proxy: BreakingProxy = { url: '', mode: 'pass', ranges: [], close: async () => undefined };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const isFile = req.method === 'GET' && FILE_GET.test(req.url ?? '');
    if (isFile) proxy.ranges.push(typeof req.headers.range === 'string' ? req.headers.range : null);
    const out = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const mode = proxy.mode;
        if (!isFile || mode === 'pass' || (answer.statusCode ?? 0) >= 300) return void answer.pipe(res);
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          if (mode === 'garble-zip') {
            if (/zip/.test(String(answer.headers['content-type'])) && body.length >= 22) body[body.length - 22] ^= 0xff;
            return void res.end(body);
          }
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          if (mode === 'cut-once') {
            proxy.mode = 'pass';
            setTimeout(() => res.socket?.destroy(), 20);
          } else held.add(res);
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((done) => {
      for (const r of held) r.socket?.destroy();
      server.closeAllConnections();
      server.close(() => done());
    });
  afterEach(() => proxy.close());
  return proxy;
}
