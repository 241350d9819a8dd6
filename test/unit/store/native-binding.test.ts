import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/db';
import { betterSqlitePackageDir, nativeBindingPath } from '../../../src-main/store/native-binding';

const NODE = { node: process.versions.node };
const ELECTRON = { node: '22.20.0', electron: '39.8.10' };
const PKG = '/app/node_modules/better-sqlite3';

describe('the better-sqlite3 build each runtime loads', () => {
  it('plain Node loads the package default, even where an Electron build sits beside it', () => {
    expect(nativeBindingPath(NODE, PKG, () => true)).toBeUndefined();
  });

  it('Electron loads the build made for its ABI', () => {
    const seen: string[] = [];
    const path = nativeBindingPath(ELECTRON, PKG, (p) => (seen.push(p), true));
    expect(path).toBe(join(PKG, 'build-electron', 'better_sqlite3.node'));
    expect(seen).toEqual([path]);
  });

  it('Electron without that build (no Electron download, or a packaged app rebuilt in place) keeps the default', () => {
    expect(nativeBindingPath(ELECTRON, PKG, () => false)).toBeUndefined();
  });

  it('finds the installed package, and this Node opens a database with the choice', () => {
    expect(existsSync(join(betterSqlitePackageDir(), 'package.json'))).toBe(true);
    const db = openStore(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });
});
