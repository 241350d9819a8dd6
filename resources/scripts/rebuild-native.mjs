// postinstall: where the Electron binary is installed, builds better-sqlite3 for Electron's ABI into
// node_modules/better-sqlite3/build-electron/ (src-main/store/native-binding.ts loads it under Electron),
// leaving the package's own Node build for the CLI and the tests. Where it is not, it says so and stops.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The package exports the binary's path, and throws when its download never happened.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.log(
    'Tributary: no Electron binary here, so better-sqlite3 keeps only its Node build (CLI and browser mode).',
  );
  process.exit(0);
}

const electronVersion = require('electron/package.json').version;
const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
const { version } = require('better-sqlite3/package.json');
const { rebuild } = await import('@electron/rebuild');

// A copy rebuilt in a scratch project, so the package's own Node build is never replaced.
const scratch = mkdtempSync(join(tmpdir(), 'tributary-electron-abi-'));
try {
  const copy = join(scratch, 'node_modules', 'better-sqlite3');
  cpSync(packageDir, copy, { recursive: true, filter: (src) => !src.startsWith(join(packageDir, 'build')) });
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({ name: 'scratch', dependencies: { 'better-sqlite3': version } }),
  );
  await rebuild({ buildPath: scratch, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  mkdirSync(join(packageDir, 'build-electron'), { recursive: true });
  cpSync(
    join(copy, 'build', 'Release', 'better_sqlite3.node'),
    join(packageDir, 'build-electron', 'better_sqlite3.node'),
  );
  console.log(
    `Tributary: better-sqlite3 ${version} built for Electron ${electronVersion} in ${join(packageDir, 'build-electron')}.`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
