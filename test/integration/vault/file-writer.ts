/**
 * Child process for the file store's tests: writes `count` secrets named `<prefix>-<i>` into the
 * encrypted file of `dataDir` (password from TRIBUTARY_VAULT_PASSWORD), one write per secret.
 * Run with `node --import tsx`.
 */
import { createFileStore } from '../../../src-main/vault/file-store';
import { TEST_COST } from './file-cost';

const [dataDir, prefix, count] = process.argv.slice(2);
const store = createFileStore(dataDir, process.env, TEST_COST);
for (let i = 0; i < Number(count); i++) store.write(`${prefix}-${i}`, { token: `${prefix}-secret-${i}` });
process.stdout.write('done\n');
