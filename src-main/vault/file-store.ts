/**
 * The encrypted credentials file, for machines where no OS keychain answers (servers, containers, WSL).
 * Modelled on rclone's encrypted config: one file holds every secret, sealed as a whole with AES-256-GCM
 * under a key derived from the vault password with scrypt. The header (format, KDF parameters, salt, a
 * password check) is the cipher's associated data, so no byte of the file can change unnoticed. Writes
 * re-read and merge under an exclusive lock file, then replace the file atomically (temp + fsync + rename).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { said } from '../model';
import { createExclusive, processAlive } from '../model/lock-file';
import { VaultError, type Secret } from './errors';

export const VAULT_FILE_NAME = 'credentials.vault';
export const PASSWORD_VARIABLE = 'TRIBUTARY_VAULT_PASSWORD';

const FORMAT = 'tributary-vault/1';
const KEY_CHECK_LABEL = 'tributary vault password check';
/** scrypt cost: about 0.1 s and 32 MiB, per unlock, not per read. */
export const DEFAULT_KDF = { N: 2 ** 15, r: 8, p: 1 };
const LOCK_WAIT_MS = 10_000;
/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 30_000;

interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

interface KdfParams extends ScryptCost {
  name: 'scrypt';
  salt: string;
}

interface Header {
  format: typeof FORMAT;
  kdf: KdfParams;
  cipher: 'aes-256-gcm';
  /** HMAC of a fixed label under the derived check key: tells a wrong password from a damaged file. */
  check: string;
}

interface SealedFile extends Header {
  iv: string;
  tag: string;
  data: string;
}

type Secrets = Record<string, Secret>;

interface Keys {
  salt: string;
  cost: ScryptCost;
  cipherKey: Buffer;
  check: string;
}

const needsPassword = (file: string) =>
  new VaultError(said('vault.needsPassword', { file, variable: PASSWORD_VARIABLE }), 'needs-vault-password');

const damaged = (file: string, why: 'cutShort' | 'layout' | 'authentication') =>
  new VaultError(said('vault.damaged', { file, why: said(`vault.damage.${why}`) }));

function deriveKeys(password: string, cost: ScryptCost, salt: string): Keys {
  const derived = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), 64, {
    ...cost,
    maxmem: 256 * cost.N * cost.r,
  });
  const check = createHmac('sha256', derived.subarray(32)).update(KEY_CHECK_LABEL).digest('base64');
  return { salt, cost, cipherKey: derived.subarray(0, 32), check };
}

const headerOf = (keys: Keys): Header => ({
  format: FORMAT,
  kdf: { name: 'scrypt', ...keys.cost, salt: keys.salt },
  cipher: 'aes-256-gcm',
  check: keys.check,
});

/** The associated data: the header in a fixed field order. */
const aad = (h: Header) =>
  Buffer.from(JSON.stringify([h.format, h.kdf.name, h.kdf.N, h.kdf.r, h.kdf.p, h.kdf.salt, h.cipher, h.check]));

function parseSealed(file: string, text: string): SealedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(file, 'cutShort');
  }
  const v = value as Partial<SealedFile> | null;
  const k = v?.kdf;
  if (
    v?.format !== FORMAT ||
    v.cipher !== 'aes-256-gcm' ||
    k?.name !== 'scrypt' ||
    ![k.N, k.r, k.p].every((n) => Number.isInteger(n) && n > 0 && n <= 2 ** 20) ||
    ![k.salt, v.check, v.iv, v.tag, v.data].every((s) => typeof s === 'string')
  )
    throw damaged(file, 'layout');
  return v as SealedFile;
}

function open(file: string, sealed: SealedFile, keys: Keys): Secrets {
  const decipher = createDecipheriv('aes-256-gcm', keys.cipherKey, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(aad(sealed));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    throw damaged(file, 'authentication');
  }
  try {
    return JSON.parse(plain.toString('utf8')) as Secrets;
  } finally {
    plain.fill(0);
  }
}

function seal(secrets: Secrets, keys: Keys): string {
  const header = headerOf(keys);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.cipherKey, iv);
  cipher.setAAD(aad(header));
  const plain = Buffer.from(JSON.stringify(secrets), 'utf8');
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  plain.fill(0);
  const sealed: SealedFile = {
    ...header,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(sealed, null, 1)}\n`;
}

function readIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Writes a new version beside the file, flushes it, then renames it over: readers see old or new, never
 * half. Only the lock's holder writes, so one temp name serves, and a killed writer's leftover is reused.
 */
function replaceAtomically(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  try {
    const dir = openSync(dirname(file), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    // Directories cannot be opened for fsync on Windows; the rename is durable enough there.
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Runs `work` holding `<file>.lock` (created exclusively; a dead holder's lock is taken over). */
function withLock<T>(file: string, work: () => T): T {
  const lock = `${file}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    if (createExclusive(lock, String(process.pid))) break;
    const holder = Number(readIfExists(lock));
    const stale =
      (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) ||
      Date.now() - (statSafe(lock) ?? Date.now()) > STALE_LOCK_MS;
    if (stale) rmSync(lock, { force: true });
    else if (Date.now() > deadline) throw new VaultError(said('vault.fileLocked', { pid: holder }));
    else Atomics.wait(sleeper, 0, 0, 20);
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function statSafe(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

export interface FileStore {
  readonly file: string;
  exists(): boolean;
  /** True when a password is known (given, or from the environment) and, if the file exists, it fits. */
  unlocked(): boolean;
  /** Checks the password against the file (if there is one) and keeps it for this process. */
  unlock(password: string): void;
  read(accountId: string): Secret | null;
  has(accountId: string): boolean;
  write(accountId: string, secret: Secret): void;
  remove(accountId: string): void;
  accountIds(): string[];
}

export function createFileStore(dataDir: string, env: NodeJS.ProcessEnv, cost: ScryptCost = DEFAULT_KDF): FileStore {
  const file = join(dataDir, VAULT_FILE_NAME);
  let password: string | undefined = env[PASSWORD_VARIABLE] || undefined;
  let keys: Keys | null = null;

  /** The keys for a file with this header: derived once per salt, checked against the header's check value. */
  const keysFor = (sealed: SealedFile | null): Keys => {
    if (password === undefined) throw needsPassword(file);
    if (!sealed) return keys ?? (keys = deriveKeys(password, cost, randomBytes(16).toString('base64')));
    const { N, r, p, salt } = sealed.kdf;
    if (!keys || keys.salt !== salt || keys.cost.N !== N || keys.cost.r !== r || keys.cost.p !== p)
      keys = deriveKeys(password, { N, r, p }, salt);
    const expected = Buffer.from(sealed.check, 'base64');
    const actual = Buffer.from(keys.check, 'base64');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      keys = null;
      throw new VaultError(said('vault.wrongPassword', { file, variable: PASSWORD_VARIABLE }), 'needs-vault-password');
    }
    return keys;
  };

  const load = (): { sealed: SealedFile | null; secrets: Secrets } => {
    const text = readIfExists(file);
    if (text === null) return { sealed: null, secrets: {} };
    const sealed = parseSealed(file, text);
    return { sealed, secrets: open(file, sealed, keysFor(sealed)) };
  };

  const change = (edit: (secrets: Secrets) => boolean) =>
    withLock(file, () => {
      const { sealed, secrets } = load();
      if (edit(secrets)) replaceAtomically(file, seal(secrets, keysFor(sealed)));
    });

  return {
    file,
    exists: () => readIfExists(file) !== null,
    unlocked() {
      if (password === undefined) return false;
      try {
        load();
        return true;
      } catch {
        return false;
      }
    },
    unlock(candidate) {
      const previous = password;
      password = candidate;
      keys = null;
      try {
        load();
      } catch (err) {
        password = previous;
        keys = null;
        throw err;
      }
    },
    read: (accountId) => load().secrets[accountId] ?? null,
    has: (accountId) => accountId in load().secrets,
    accountIds: () => Object.keys(load().secrets),
    write: (accountId, secret) =>
      change((secrets) => {
        secrets[accountId] = { ...secret };
        return true;
      }),
    remove: (accountId) =>
      change((secrets) => {
        if (!(accountId in secrets)) return false;
        delete secrets[accountId];
        return true;
      }),
  };
}
