import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../src-main/workspace';
import { upsertStream } from '../../../src-main/store/catalog';
import { insertPoints, pointsInRange } from '../../../src-main/store/points';
import { memoryVault } from '../../helpers/memory-vault';
import { digest } from '../../helpers/workspace';
import { ensureBuiltCli, runCli } from './run-cli';

/** A 2 MB tmpfs as the export's disk (we are root in CI; elsewhere the test says why it skips). */
function mountSmallDisk(dir: string): string | null {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return `cannot mount a small tmpfs here (${
      String((err as { stderr?: Buffer }).stderr ?? err)
        .trim()
        .split('\n')[0]
    })`;
  }
}

// Made and removed here, not per test: the mount must go before the folder does.
const root = mkdtempSync(join(tmpdir(), 'tributary-diskfull-'));
const disk = join(root, 'small-disk');
const dataDir = join(root, 'ws');
let cannotMount: string | null = 'not tried';
const POINTS = 120_000;

beforeAll(() => {
  ensureBuiltCli();
  const ws = openWorkspace(dataDir, { vault: memoryVault() });
  const id = upsertStream(
    ws.db,
    {
      key: 'osf/logger/level',
      vendor: 'osf',
      accountId: null,
      sourceId: null,
      name: 'Level',
      unit: 'm',
      kind: 'number',
    },
    0,
  );
  const start = Date.UTC(2026, 0, 1) * 1000;
  ws.db.transaction(() =>
    insertPoints(
      ws.db,
      id,
      Array.from({ length: POINTS }, (_, i) => ({ ts: start + i * 1_000_123, value: i / 7 })),
    ),
  )();
  ws.close();
  cannotMount = mountSmallDisk(disk);
});
afterAll(() => {
  if (cannotMount === null) execFileSync('umount', [disk]);
  rmSync(root, { recursive: true, force: true });
});

describe('a disk that fills up during an export', () => {
  it('fails cleanly with a clear message, leaves no partial file, and the store stays usable', async (ctx) => {
    if (cannotMount) ctx.skip(cannotMount);
    const before = (() => {
      const ws = openWorkspace(dataDir, { vault: memoryVault() });
      const d = digest(pointsInRange(ws.db, 1));
      ws.close();
      return d;
    })();
    const r = await runCli(
      ['export', '--format', 'csv', '--out', join(disk, 'all.csv'), '--data-dir', dataDir],
      process.env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no space left|disk is full/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(disk)).toEqual([]);
    // The same export elsewhere works, from an intact store.
    const ok = await runCli(
      ['export', '--format', 'csv', '--out', join(root, 'elsewhere.csv'), '--data-dir', dataDir],
      process.env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    const ws = openWorkspace(dataDir, { vault: memoryVault() });
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(digest(pointsInRange(ws.db, 1))).toEqual(before);
    ws.close();
  });
});
