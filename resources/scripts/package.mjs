// npm run package: installers for this platform with electron-builder (electron-builder.config.cjs).
// Without the Electron binary (its download failed at install) nothing can be packaged: one line says so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = require('electron/package.json');
let binary = null;
try {
  binary = require('electron');
} catch {
  // The electron package throws when its binary was never downloaded.
}
if (typeof binary !== 'string' || !existsSync(binary)) {
  console.error(
    `Tributary: cannot package: the Electron ${version} binary for ${process.platform}-${process.arch} could not be downloaded (https://github.com/electron/electron/releases/tag/v${version}); install again where it can be.`,
  );
  process.exit(1);
}
const run = (args) => execFileSync('npx', args, { stdio: 'inherit' });
run(['electron-vite', 'build']);
run(['electron-builder', '--config', 'electron-builder.config.cjs', '--publish', 'never']);
