import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VENDORS, startSimulators } from '../../../src-main/simulators/index';

const CLI = fileURLToPath(new URL('../../../src-main/simulators/cli.ts', import.meta.url));
const NOW = '2026-01-15T12:00:00Z';

/** Credentials' fields per vendor, exactly what `account add --secret-stdin` takes (docs/architecture.md). */
const SECRET_FIELDS: Record<string, string[]> = {
  opti: ['key'],
  opticloud: ['password', 'tenant', 'username'],
  opendatasoft: ['apikey'],
  realtime: ['secret', 'token'],
  opensense: ['token'],
};

function runCli(args: string[]): {
  lines: Promise<string[]>;
  exit: Promise<number | null>;
  stop(): void;
  stderr(): string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = new Promise<string[]>((resolve) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n'));
    });
    void exit.then(() => resolve(out.split('\n')));
  });
  return { lines, exit, stop: () => child.kill('SIGTERM'), stderr: () => err };
}

/** A base port with five free ports after it. */
async function freePortRun(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(
      [0, 1, 2, 3, 4].map(
        (i) =>
          new Promise<boolean>((resolve) => {
            const s = createServer();
            s.once('error', () => resolve(false));
            s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
  throw new Error('no run of five free ports');
}

describe('simulator launcher', () => {
  it('starts all five vendors on free ports with credentials of the documented shape, deterministic for a seed', async () => {
    const a = await startSimulators({ seed: 3, now: new Date(NOW) });
    const b = await startSimulators({ seed: 3, now: new Date(NOW) });
    try {
      expect(Object.keys(a.baseUrls)).toEqual([...VENDORS]);
      const ports = new Set(Object.values(a.baseUrls).map((u) => new URL(u).port));
      expect(ports.size).toBe(5);
      for (const vendor of VENDORS) {
        expect(a.baseUrls[vendor]).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
        expect(Object.keys(a.credentials[vendor]).sort()).toEqual(SECRET_FIELDS[vendor]);
        expect(a.credentials[vendor]).toEqual(b.credentials[vendor]);
      }
      const firstPoints = (sims: typeof a): unknown[] =>
        [...sims.sims.opti.truth()].map((s) => [...s.points()].slice(0, 3));
      expect(firstPoints(a)).toEqual(firstPoints(b));
      const reply = await fetch(`${a.baseUrls.opti}/api/Datastream?key=${a.credentials.opti.key}`);
      expect(reply.status).toBe(200);
      const other = await startSimulators({ seed: 4, now: new Date(NOW) });
      expect(other.credentials.opti).not.toEqual(a.credentials.opti);
      await other.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('uses ports N to N+4 when given a port', async () => {
    const base = await freePortRun();
    const sims = await startSimulators({ port: base, now: new Date(NOW) });
    try {
      expect(VENDORS.map((v) => Number(new URL(sims.baseUrls[v]).port))).toEqual([0, 1, 2, 3, 4].map((i) => base + i));
    } finally {
      await sims.close();
    }
  });

  it('cli prints exactly one JSON line, serves, and exits 0 on SIGTERM; bad options exit 2', async () => {
    const cli = runCli(['--port', '0', '--seed', '5', '--faults', 'none', '--now', NOW, '--scale', 'small']);
    const lines = await cli.lines;
    expect(lines[0], cli.stderr()).toMatch(/^\{/);
    expect(lines.slice(1).join('')).toBe('');
    const parsed = JSON.parse(lines[0]) as {
      baseUrls: Record<string, string>;
      credentials: Record<string, Record<string, string>>;
    };
    expect(Object.keys(parsed)).toEqual(['baseUrls', 'credentials']);
    expect(Object.keys(parsed.baseUrls).sort()).toEqual([...VENDORS].sort());
    const reply = await fetch(`${parsed.baseUrls.opti}/api/Datastream?key=${parsed.credentials.opti.key}`);
    expect(reply.status).toBe(200);
    cli.stop();
    expect(await cli.exit).toBe(0);

    const bad = runCli(['--faults', 'evil']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--faults must be one of none, flaky, hostile');
  }, 20_000);
});
