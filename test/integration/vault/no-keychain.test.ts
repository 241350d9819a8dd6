import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../../src-main/workspace';
import { createVault, envOverrideName } from '../../../src-main/vault';
import { startSimulators, type Simulators } from '../../../src-main/simulators';
import { compareWithTruth } from '../../helpers/workspace';
import { tempDir } from '../../helpers/tmp';
import { ensureBuiltCli, runCli } from '../cli/run-cli';

/**
 * Issue 14, "Done means": the built CLI run outside any D-Bus session, so no Secret Service answers.
 * Secrets then go to the workspace's encrypted file (TRIBUTARY_VAULT_PASSWORD) or come from the
 * environment override; the data synced with either is exact, and no secret is on disk in clear.
 */
const NOW = Date.now() - 3_600_000;
const FROM = new Date(NOW - 40 * 86_400_000).toISOString();
const PASSWORD = 'a vault password for the test';

/** This process's environment without the session bus: the keychain is not available to the child. */
const noBus = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  DBUS_SESSION_BUS_ADDRESS: undefined,
  TRIBUTARY_VAULT_PASSWORD: undefined,
  ...extra,
});

let sims: Simulators;
beforeAll(async () => {
  ensureBuiltCli();
  sims = await startSimulators({ seed: 14, faults: 'none', now: NOW, scale: 'small' });
});
afterAll(async () => {
  await sims?.close();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile());
}

function expectExact(dataDir: string, vendor: 'opensense' | 'opti'): void {
  const ws = openWorkspace(dataDir, { vault: createVault(dataDir, {}) });
  try {
    const rows = compareWithTruth(ws, sims.sims[vendor].truth());
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.stored, row.key).toEqual(row.expected);
  } finally {
    ws.close();
  }
}

// Each test runs the built CLI several times, and syncs: slow on a busy two-core machine.
describe('without a keychain (no D-Bus session)', { timeout: 180_000 }, () => {
  it('the encrypted file: add with the vault password, sync exact, no secret in clear; without it, one line', async () => {
    const dataDir = join(tempDir(), 'ws');
    const secret = sims.credentials.opensense;
    const add = await runCli(
      [
        ...['account', 'add', '--data-dir', dataDir, '--vendor', 'opensense', '--name', 'Field'],
        ...['--base-url', sims.baseUrls.opensense, '--secret-stdin'],
      ],
      noBus({ TRIBUTARY_VAULT_PASSWORD: PASSWORD }),
      undefined,
      JSON.stringify(secret),
    );
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/credentials in the encrypted file/);
    expect(add.code).toBe(0);

    const locked = await runCli(['account', 'list', '--data-dir', dataDir], noBus());
    expect(locked.stdout).toMatch(/^Field\topensense\t.*\tneeds the vault password$/m);

    const refused = await runCli(['sync', '--data-dir', dataDir, '--from', FROM], noBus());
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^tributary: Needs the vault password: .*Set TRIBUTARY_VAULT_PASSWORD/);

    const wrong = await runCli(['sync', '--data-dir', dataDir], noBus({ TRIBUTARY_VAULT_PASSWORD: 'not it' }));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^tributary: Wrong vault password/);

    const sync = await runCli(
      ['sync', '--data-dir', dataDir, '--from', FROM],
      noBus({ TRIBUTARY_VAULT_PASSWORD: PASSWORD }),
    );
    expect(sync.stderr).toBe('');
    expect(sync.stdout).toMatch(/^Field: ok, [1-9]\d* new points$/m);
    expect(sync.code).toBe(0);
    expectExact(dataDir, 'opensense');

    const listed = await runCli(
      ['account', 'list', '--data-dir', dataDir],
      noBus({ TRIBUTARY_VAULT_PASSWORD: PASSWORD }),
    );
    expect(listed.stdout).toMatch(/^Field\topensense\t.*\tcredentials in the encrypted file$/m);

    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('credentials.vault'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const value of Object.values(secret)) expect(bytes.includes(Buffer.from(value)), file).toBe(false);
    }
  });

  it('the environment override: add without --secret-stdin stores nothing, and sync is exact', async () => {
    const dataDir = join(tempDir(), 'ws');
    const env = noBus({ [envOverrideName('Storm water')]: JSON.stringify(sims.credentials.opti) });
    const add = await runCli(
      [
        'account',
        'add',
        '--data-dir',
        dataDir,
        '--vendor',
        'opti',
        '--name',
        'Storm water',
        '--base-url',
        sims.baseUrls.opti,
      ],
      env,
    );
    expect(add.stderr).toBe('');
    expect(add.stdout).toMatch(/credentials from the environment/);
    expect(add.code).toBe(0);
    expect((await runCli(['account', 'list', '--data-dir', dataDir], env)).stdout).toMatch(
      /\tcredentials from the environment$/m,
    );
    const sync = await runCli(['sync', '--data-dir', dataDir, '--from', FROM], env);
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expectExact(dataDir, 'opti');
    expect(filesUnder(dataDir).some((f) => f.endsWith('credentials.vault'))).toBe(false);
    for (const file of filesUnder(dataDir))
      expect(readFileSync(file).includes(Buffer.from(sims.credentials.opti.key)), file).toBe(false);

    const without = await runCli(['account', 'list', '--data-dir', dataDir], noBus());
    expect(without.stdout).toMatch(/\tno credentials \(set TRIBUTARY_SECRET_STORM_WATER\)$/m);
  });
});
