/**
 * Which compiled better-sqlite3 this process loads. One install serves two runtimes with different
 * Node ABIs: plain Node (the CLI, browser mode, tests) loads the package's own build; Electron (the
 * window, and the packaged CLI run by the bundled Electron as Node) loads the build for Electron's ABI
 * that `resources/scripts/rebuild-native.mjs` leaves in the package's `build-electron/` folder at
 * install time, where the Electron binary is installed. Where that build is absent (no Electron
 * download, or a packaged app whose own build electron-builder already made for Electron) the default stands.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ELECTRON_BUILD_DIR = 'build-electron';
export const BINDING_FILE = 'better_sqlite3.node';

/** The `nativeBinding` option for better-sqlite3, or undefined for its default build. */
export function nativeBindingPath(
  versions: { node: string; electron?: string },
  packageDir: string,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (!versions.electron) return undefined;
  const electronBuild = join(packageDir, ELECTRON_BUILD_DIR, BINDING_FILE);
  return exists(electronBuild) ? electronBuild : undefined;
}

/** better-sqlite3's folder as this process resolves it (inside app.asar.unpacked when packaged). */
export function betterSqlitePackageDir(): string {
  return dirname(createRequire(__filename).resolve('better-sqlite3/package.json')).replace(
    /app\.asar([\\/])/,
    'app.asar.unpacked$1',
  );
}
