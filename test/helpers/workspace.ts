import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { openWorkspace, type Workspace } from '../../src-main/workspace';
import { addAccount } from '../../src-main/accounts';
import { streamByKey } from '../../src-main/store/catalog';
import { pointsInRange } from '../../src-main/store/points';
import { createVault, type AccountRef } from '../../src-main/vault';
import type { VendorId } from '../../src-main/api/contract';
import type { TruthStream } from '../../src-main/simulators/common/types';
import { tempDir } from './tmp';

/** A workspace in a temp folder with the real keychain; its accounts' secrets are removed after the test. */
export function testWorkspace(options: { now?: () => number } = {}): Workspace {
  const dataDir = join(tempDir(), 'ws');
  const ws = openWorkspace(dataDir, { vault: createVault(dataDir, {}), now: options.now });
  const added: AccountRef[] = [];
  const vault = ws.vault;
  ws.vault = {
    ...vault,
    store: (a, s, placement) => {
      const options = vault.store(a, s, placement);
      added.push({ ...a, options: { ...options } });
      return options;
    },
  };
  afterEach(() => {
    for (const a of added) vault.remove(a);
    ws.close();
  });
  return ws;
}

export function addSimulatorAccount(
  ws: Workspace,
  vendor: VendorId,
  baseUrl: string,
  secret: Record<string, string>,
  name: string = vendor,
) {
  return addAccount(ws, { vendor, name, baseUrl, secret });
}

/** Count and an order-sensitive digest of a series: what "equal to the simulator's data" is checked with. */
export function digest(points: Iterable<{ ts: number; value: number | string | null }>): {
  count: number;
  sha256: string;
} {
  const hash = createHash('sha256');
  let count = 0;
  for (const p of points) {
    hash.update(`${p.ts},${String(p.value)}\n`);
    count++;
  }
  return { count, sha256: hash.digest('hex') };
}

/** For every truth stream: its digest in the store beside the simulator's. */
export function compareWithTruth(ws: Workspace, truth: Iterable<TruthStream>) {
  const rows: { key: string; stored: ReturnType<typeof digest>; expected: ReturnType<typeof digest> }[] = [];
  for (const t of truth) {
    const stream = streamByKey(ws.db, t.key);
    rows.push({
      key: t.key,
      stored: stream ? digest(pointsInRange(ws.db, stream.id)) : { count: 0, sha256: 'missing' },
      expected: digest(t.points()),
    });
  }
  return rows;
}
