import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { say } from '../../../src-main/model';
import {
  acquireSyncLock,
  describeHolder,
  holderGone,
  LOCK_FILE,
  processStartTime,
  type LockHolder,
} from '../../../src-main/workspace/lock';
import { tempDir } from '../../helpers/tmp';

const HOLDER = join(__dirname, 'lock-holder.ts');

function startHolder(dataDir: string, holdMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dataDir, String(holdMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  const firstLine = new Promise<string>((done) => {
    child.stdout.on('data', () => out.includes('\n') && done(out.trim()));
    child.on('close', () => done(out.trim()));
  });
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  return { child, firstLine, exited };
}

describe('the workspace sync lock', () => {
  it('of two processes started together, exactly one takes it; the other is told its PID', async () => {
    const dir = tempDir();
    const a = startHolder(dir, 3000);
    const b = startHolder(dir, 3000);
    const lines = await Promise.all([a.firstLine, b.firstLine]);
    expect(lines.filter((l) => l === 'took')).toHaveLength(1);
    const winner = lines[0] === 'took' ? a.child : b.child;
    expect(lines.filter((l) => l.startsWith('held'))).toEqual([`held ${winner.pid}`]);
    await Promise.all([a.exited, b.exited]);
    // Released on the way out: free again.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of a process that was killed with SIGKILL', async () => {
    const dir = tempDir();
    const holder = startHolder(dir, 60_000);
    expect(await holder.firstLine).toBe('took');
    const here = await acquireSyncLock(dir, 'app');
    expect('heldBy' in here && here.heldBy.pid).toBe(holder.child.pid);
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const taken = await acquireSyncLock(dir, 'app');
    if (!('lock' in taken)) throw new Error(`still held by ${taken.heldBy.pid}`);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, kind: 'app' });
    taken.lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('takes over a lock whose PID now belongs to a process that started at another time', async () => {
    const dir = tempDir();
    const reused: LockHolder = {
      pid: process.pid,
      processStart: '1',
      host: hostname(),
      kind: 'command line',
      since: Date.now() - 60_000,
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(reused));
    expect(holderGone(reused)).toBe(processStartTime(process.pid) !== null);
    if (processStartTime(process.pid) === null) return; // Only Linux tells start times.
    const taken = await acquireSyncLock(dir, 'app');
    expect('lock' in taken).toBe(true);
    if ('lock' in taken) taken.lock.release();
  });

  it('keeps a live holder, and one on another host it cannot check', () => {
    const live: LockHolder = {
      pid: process.pid,
      processStart: processStartTime(process.pid),
      host: hostname(),
      kind: 'app',
      since: 0,
    };
    expect(holderGone(live)).toBe(false);
    expect(holderGone({ ...live, pid: 2 ** 22 + 17, host: 'elsewhere' })).toBe(false);
  });

  it('names the holder for people', () => {
    const h: LockHolder = {
      pid: 4242,
      processStart: null,
      host: hostname(),
      kind: 'command line',
      since: Date.UTC(2026, 11, 6, 8, 30),
    };
    expect(say(describeHolder(h), 'en')).toBe('the command line (PID 4242, since 2026-12-06 08:30 UTC)');
  });
});
