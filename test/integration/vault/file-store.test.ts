import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createFileStore, DEFAULT_KDF, VAULT_FILE_NAME } from '../../../src-main/vault/file-store';
import { VaultError } from '../../../src-main/vault';
import { tempDir } from '../../helpers/tmp';
import { TEST_COST } from './file-cost';

const ROOT = resolve(__dirname, '../../..');
const PASSWORD = 'correct horse battery staple';
const env = (password?: string): NodeJS.ProcessEnv => (password ? { TRIBUTARY_VAULT_PASSWORD: password } : {});
const store = (dir: string, password?: string) => createFileStore(dir, env(password), TEST_COST);

function problemOf(run: () => unknown): { message: string; problem: string | undefined } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return { message: (err as VaultError).message, problem: (err as VaultError).problem };
  }
  throw new Error('expected a VaultError');
}

/** Starts the writer child (see file-writer.ts); `lines` resolves each line it prints, in order. */
function writer(dir: string, prefix: string, count: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'file-writer.ts'), dir, prefix, String(count)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env(PASSWORD) },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const printed = (line: string) => new Promise<void>((done) => lines.on('line', (l) => l === line && done()));
  return {
    ready: printed('ready'),
    first: printed('first'),
    exit: new Promise<number | null>((done) => child.on('close', (code) => done(code))),
    kill: () => child.kill('SIGKILL'),
  };
}

describe('encrypted credentials file', () => {
  it('keeps secrets sealed: scrypt parameters and salt recorded, a fresh IV per write, no plaintext', () => {
    const dir = tempDir();
    const s = createFileStore(dir, env(PASSWORD));
    s.write('a', { password: 'hunter2-very-secret' });
    const first = JSON.parse(readFileSync(join(dir, VAULT_FILE_NAME), 'utf8')) as Record<string, unknown>;
    s.write('b', { token: 'tok-very-secret' });
    const text = readFileSync(join(dir, VAULT_FILE_NAME), 'utf8');
    const second = JSON.parse(text) as Record<string, unknown>;
    expect(second.kdf).toEqual({ name: 'scrypt', ...DEFAULT_KDF, salt: expect.any(String) as string });
    expect(second.cipher).toBe('aes-256-gcm');
    expect(second.iv).not.toBe(first.iv);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('tok-very');
    expect(createFileStore(dir, env(PASSWORD)).read('a')).toEqual({ password: 'hunter2-very-secret' });
    expect(createFileStore(dir, env(PASSWORD)).read('b')).toEqual({ token: 'tok-very-secret' });
  });

  it('asks for the password, then refuses a wrong one and accepts the right one', () => {
    const dir = tempDir();
    store(dir, PASSWORD).write('a', { key: 'k' });
    const locked = store(dir);
    expect(locked.unlocked()).toBe(false);
    const missing = problemOf(() => locked.read('a'));
    expect(missing.problem).toBe('needs-vault-password');
    expect(missing.message).toMatch(/TRIBUTARY_VAULT_PASSWORD/);
    const wrong = problemOf(() => store(dir, 'not it').read('a'));
    expect(wrong.message).toMatch(/^Wrong vault password/);
    expect(() => locked.unlock('not it')).toThrow(/Wrong vault password/);
    expect(locked.unlocked()).toBe(false);
    locked.unlock(PASSWORD);
    expect(locked.read('a')).toEqual({ key: 'k' });
  });

  it('says a file is damaged, and never overwrites it, when a byte changed or the header was altered', () => {
    const dir = tempDir();
    const file = join(dir, VAULT_FILE_NAME);
    store(dir, PASSWORD).write('a', { key: 'k' });
    const good = readFileSync(file, 'utf8');
    const sealed = JSON.parse(good) as { data: string; kdf: { N: number } };
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    writeFileSync(file, JSON.stringify({ ...sealed, data: data.toString('base64') }));
    expect(problemOf(() => store(dir, PASSWORD).read('a')).message).toMatch(/is damaged \(it fails its authentication/);
    const corrupt = readFileSync(file, 'utf8');
    expect(() => store(dir, PASSWORD).write('b', { key: 'x' })).toThrow(/is damaged/);
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
    // A changed KDF parameter is caught too: the header is authenticated, not only the data.
    writeFileSync(file, JSON.stringify({ ...sealed, kdf: { ...sealed.kdf, N: sealed.kdf.N * 2 } }));
    expect(() => store(dir, PASSWORD).read('a')).toThrow(VaultError);
  });

  it('a file cut short is reported as damaged; a write killed midway leaves the old file whole', async () => {
    const dir = tempDir();
    const file = join(dir, VAULT_FILE_NAME);
    store(dir, PASSWORD).write('kept', { key: 'before' });
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(problemOf(() => store(dir, PASSWORD).read('kept')).message).toMatch(
      /is damaged \(not readable, perhaps cut short/,
    );
    writeFileSync(file, whole);
    // Writers killed while they write: whatever moment the kill lands on, the file is a whole version.
    writeFileSync(join(dir, 'go'), '');
    for (let round = 0; round < 4; round++) {
      const child = writer(dir, `r${round}`, 100_000);
      await child.first;
      await new Promise((r) => setTimeout(r, 5 + round * 17));
      child.kill();
      await child.exit;
      const after = store(dir, PASSWORD);
      expect(after.read('kept')).toEqual({ key: 'before' });
      expect(after.read(`r${round}-0`)).toEqual({ token: `r${round}-secret-0` });
    }
  }, 60_000);

  it('two processes writing at once: every secret of both survives', async () => {
    const dir = tempDir();
    const writers = [writer(dir, 'left', 25), writer(dir, 'right', 25)];
    await Promise.all(writers.map((w) => w.ready));
    writeFileSync(join(dir, 'go'), '');
    expect(await Promise.all(writers.map((w) => w.exit))).toEqual([0, 0]);
    const s = store(dir, PASSWORD);
    for (const side of ['left', 'right'])
      for (let i = 0; i < 25; i++) expect(s.read(`${side}-${i}`)).toEqual({ token: `${side}-secret-${i}` });
    expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
  }, 60_000);
});
