// electron-builder afterPack: flips the Electron fuses (src-main/fuses.ts) in the packaged binary, and
// on Linux first copies it as the CLI's runtime (`tributary-node`, run as Node by bin/tributary).
const { copyFileSync } = require('node:fs');
const { join } = require('node:path');
require('tsx/cjs/api').register();
const { applyFuses, CLI_RUNTIME_FUSES } = require('../../src-main/fuses.ts');

/** The Electron binary (macOS: the .app bundle) electron-builder just packed. */
function packedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return join(appOutDir, `${name}.exe`);
  return join(appOutDir, packager.executableName);
}

exports.default = async function afterPack(context) {
  const binary = packedBinary(context);
  if (context.electronPlatformName === 'linux') {
    const cliRuntime = join(context.appOutDir, 'tributary-node');
    copyFileSync(binary, cliRuntime);
    await applyFuses(cliRuntime, CLI_RUNTIME_FUSES);
  }
  await applyFuses(binary);
};
