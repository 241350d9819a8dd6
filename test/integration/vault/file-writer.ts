/**
 * Child process for the file store's tests: writes `count` secrets named `<prefix>-<i>` into the
 * encrypted file of `dataDir` (password from TRIBUTARY_VAULT_PASSWORD), one write per secret. It prints
 * "ready", waits for a file `go` in `dataDir` (so two writers start together), and prints "first" once
 * its first write is done (so a test can kill it while it writes). Run with `node --import tsx`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createFileStore } from '../../../src-main/vault/file-store';
import { TEST_COST } from './file-cost';

const [dataDir, prefix, count] = process.argv.slice(2);
const store = createFileStore(dataDir, process.env, TEST_COST);
const pause = new Int32Array(new SharedArrayBuffer(4));
process.stdout.write('ready\n');
while (!existsSync(join(dataDir, 'go'))) Atomics.wait(pause, 0, 0, 5);
for (let i = 0; i < Number(count); i++) {
  store.write(`${prefix}-${i}`, { token: `${prefix}-secret-${i}` });
  if (i === 0) process.stdout.write('first\n');
}
