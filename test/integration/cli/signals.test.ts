import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/tmp';
import { CLI, ensureBuiltCli } from '../cli/run-cli';

/**
 * `serve` and `demo` end within 2 s of the first SIGTERM or Ctrl-C, in every state (starting, serving,
 * syncing the demo), closing the database cleanly; a demo that cannot start ends with one line and exit 1.
 * Run with no session bus, as on a server: no keychain answers.
 */
const LIMIT_MS = 2000;

interface Child {
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr: () => string;
  kill(signal: NodeJS.Signals): number;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, [CLI, ...args, '--no-open'], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  return {
    firstLine: new Promise((done) => lines.once('line', done)),
    exit: new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, at: Date.now() }))),
    stderr: () => stderr,
    kill(signal) {
      child.kill(signal);
      return Date.now();
    },
  };
}

/** The database was closed cleanly: its WAL was checkpointed away and it is whole. */
function expectClosedCleanly(dataDir: string): void {
  const file = join(dataDir, 'tributary.sqlite');
  expect(existsSync(`${file}-wal`)).toBe(false);
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

beforeAll(() => ensureBuiltCli());

describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serve stops on the first %s', async (signal) => {
    const dataDir = join(tempDir(), 'ws');
    const child = start(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(await child.firstLine).toMatch(/^Tributary is running at http:\/\/127\.0\.0\.1:\d+\/#token=/);
    const sent = child.kill(signal);
    const exit = await child.exit;
    expect(exit.at - sent).toBeLessThan(LIMIT_MS);
    expect(exit.code).toBe(0);
    expectClosedCleanly(dataDir);
  });

  it('demo stops on the first SIGTERM while it syncs, with no keychain', async () => {
    const dataDir = join(tempDir(), 'ws');
    const child = start(['demo', '--data-dir', dataDir, '--port', '0']);
    expect(await child.firstLine).toMatch(/^Tributary is running at /);
    // The simulators are starting and the first sync is under way.
    await new Promise((r) => setTimeout(r, 1500));
    const sent = child.kill('SIGTERM');
    const exit = await child.exit;
    expect(exit.at - sent).toBeLessThan(LIMIT_MS);
    expect(exit.code, child.stderr()).toBe(0);
    expect(child.stderr()).toBe('');
    expectClosedCleanly(dataDir);
  });

  it('demo stops on a SIGTERM that comes while its simulators start', async () => {
    const dataDir = join(tempDir(), 'ws');
    const child = start(['demo', '--data-dir', dataDir, '--port', '0']);
    // The address is printed before the demo opens: the simulators are starting now.
    await child.firstLine;
    const sent = child.kill('SIGTERM');
    const exit = await child.exit;
    expect(exit.at - sent).toBeLessThan(LIMIT_MS);
    expect(exit.code, child.stderr()).toBe(0);
  });

  it('a demo that cannot start ends with one line and exit 1, then serve still stops on one SIGTERM', async () => {
    const dataDir = join(tempDir(), 'ws');
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    const port = (busy.address() as AddressInfo).port;
    try {
      const child = start(['demo', '--data-dir', dataDir, '--port', String(port)]);
      const exit = await Promise.race([child.exit, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
      expect(exit, 'demo hung after its error').not.toBeNull();
      expect(exit?.code).toBe(1);
      expect(child.stderr().trim().split('\n')).toHaveLength(1);
      expect(child.stderr()).toMatch(/^tributary: /);
    } finally {
      busy.close();
    }
    const served = start(['serve', '--data-dir', dataDir, '--port', '0']);
    await served.firstLine;
    const sent = served.kill('SIGTERM');
    const exit = await served.exit;
    expect(exit.at - sent).toBeLessThan(LIMIT_MS);
    expect(exit.code).toBe(0);
    expectClosedCleanly(dataDir);
  });
});
