import { FuseV1Options } from '@electron/fuses';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_RUNTIME_FUSES, FUSES } from '../../src-main/fuses';

const ROOT = resolve(__dirname, '../..');
const require = createRequire(__filename);

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  afterPack: string;
  publish: null;
  icon: string;
  linux: { target: string[]; icon: string; extraFiles: { from: string; to: string }[] };
  deb: { afterInstall: string; afterRemove: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
}
const config = require(join(ROOT, 'electron-builder.config.cjs')) as BuilderConfig;
const text = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('the electron-builder configuration', () => {
  it('is valid for electron-builder', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration(c: unknown, log: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and builds AppImage and deb, NSIS, and DMG', () => {
    expect(config.productName).toBe('Tributary');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('packs the built app into an asar, with the native modules unpacked', () => {
    expect(config.files).toContain('out/**');
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/@napi-rs/keyring*/**']),
    );
  });

  it('flips the fuses after packing, with the app binary never run as Node', async () => {
    const hook = require(join(ROOT, config.afterPack)) as { default: unknown };
    expect(typeof hook.default).toBe('function');
    expect(text(config.afterPack)).toMatch(/applyFuses\(binary\)/);
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    // Its Linux CLI runtime copy differs only there.
    expect({ ...CLI_RUNTIME_FUSES, [FuseV1Options.RunAsNode]: false }).toEqual(FUSES);
  });

  it('puts the CLI on PATH from the deb, run by the bundled Electron as Node', () => {
    const launcher = config.linux.extraFiles.find((f) => f.to === 'bin/tributary');
    expect(launcher).toBeDefined();
    expect(statSync(join(ROOT, launcher?.from ?? '')).mode & 0o111).not.toBe(0);
    expect(text(launcher?.from ?? '')).toContain('ELECTRON_RUN_AS_NODE=1 exec "$APP_DIR/tributary-node"');
    expect(text(config.deb.afterInstall)).toContain(
      "ln -sf '/opt/${sanitizedProductName}/bin/tributary' '/usr/bin/tributary'",
    );
    expect(text(config.deb.afterRemove)).toContain('/usr/bin/tributary');
  });

  it('has auto-update off and the icons each platform needs', () => {
    expect(config.publish).toBeNull();
    for (const icon of [config.icon, config.win.icon, config.mac.icon])
      expect(existsSync(join(ROOT, icon)), icon).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024])
      expect(existsSync(join(ROOT, config.linux.icon, `${size}x${size}.png`)), `${size}`).toBe(true);
  });
});
