import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliLanguage } from '../../../src-main/cli/i18n';
import { upsertStream } from '../../../src-main/store/catalog';
import { insertPoints } from '../../../src-main/store/points';
import { openWorkspace } from '../../../src-main/workspace';
import { memoryVault } from '../../helpers/memory-vault';
import { ensureBuiltCli, runCli } from './run-cli';

const root = mkdtempSync(join(tmpdir(), 'tributary-lang-'));
const dataDir = join(root, 'ws');
/** The environment without any locale of the machine running the tests. */
const base: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(LANG|LANGUAGE|LC_.*)$/.test(k)),
);
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['--data-dir', dataDir, ...args], { ...base, ...env });

beforeAll(() => {
  ensureBuiltCli();
  const ws = openWorkspace(dataDir, { vault: memoryVault() });
  const id = upsertStream(
    ws.db,
    {
      key: 'osf/logger/level',
      vendor: 'osf',
      accountId: null,
      sourceId: null,
      name: 'Level',
      unit: 'm',
      kind: 'number',
    },
    0,
  );
  const start = Date.UTC(2026, 11, 6, 7) * 1000;
  ws.db.transaction(() =>
    insertPoints(
      ws.db,
      id,
      Array.from({ length: 1500 }, (_, i) => ({ ts: start + i * 60_000_123, value: 1234.5 + i / 7 })),
    ),
  )();
  ws.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the CLI language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG; C and unknown languages are English', () => {
    expect(cliLanguage({ LANG: 'de_DE.UTF-8' })).toBe('de');
    expect(cliLanguage({ LC_ALL: 'C', LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLanguage({ LC_MESSAGES: 'de_AT.UTF-8', LANG: 'en_US.UTF-8' })).toBe('de');
    expect(cliLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLanguage({})).toBe('en');
  });

  it('prints German messages and summaries under LANG=de_DE.UTF-8, and --lang overrides LANG', async () => {
    const streams = await cli(['streams'], { LANG: 'de_DE.UTF-8' });
    expect(streams.code).toBe(0);
    expect(streams.stdout).toMatch(/\tnumber\t\d+ Messwerte\n/);
    const english = await cli(['--lang', 'en', 'streams'], { LANG: 'de_DE.UTF-8' });
    expect(english.stdout).toMatch(/\tnumber\t\d+ points\n/);
    const usage = await cli(['account', 'frobnicate'], { LANG: 'de_DE.UTF-8' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unbekannter account-Befehl „frobnicate“.');
    const noAccount = await cli(['sync', '--account', 'nope'], { LC_ALL: 'de_DE.UTF-8' });
    expect(noAccount.stderr).toContain('Kein Konto mit dem Namen „nope“.');
    const badLang = await cli(['--lang', 'fr', 'streams']);
    expect(badLang.code).toBe(2);
    expect(badLang.stderr).toContain('--lang takes one of: en, de.');
  });

  it('writes byte-identical exports in German and English', async () => {
    const files: Record<string, Buffer> = {};
    for (const [name, env] of Object.entries({ en: { LANG: 'en_US.UTF-8' }, de: { LANG: 'de_DE.UTF-8' } })) {
      for (const format of ['csv', 'json']) {
        const out = join(root, `${name}.${format}`);
        const r = await cli(['export', '--format', format, '--out', out], env);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toMatch(name === 'de' ? /^1\.500 Zeilen nach .* exportiert in / : /^Exported 1,500 rows to /);
        files[`${name}.${format}`] = readFileSync(out);
      }
    }
    expect(files['de.csv'].equals(files['en.csv'])).toBe(true);
    expect(files['de.json'].equals(files['en.json'])).toBe(true);
    // The contract: `.` decimals and ISO timestamps, whatever the language.
    expect(files['de.csv'].toString('utf8').split('\n')[1]).toBe('osf,logger/level,2026-12-06T07:00:00.000Z,1234.5');
  });
  it("speaks German for main's texts too: credential states, service errors, the account lines; --json stays", async () => {
    const secret = { TRIBUTARY_SECRET_LOGGER: JSON.stringify({ key: 'k' }) };
    const add = ['account', 'add', '--vendor', 'opti', '--name', 'Logger', '--base-url', 'http://127.0.0.1:1'];
    const added = await cli(add, { LANG: 'de_DE.UTF-8', ...secret });
    expect(added.stdout).toBe('opti-Konto „Logger“ hinzugefügt: Zugangsdaten aus der Umgebung.\n');
    const listed = await cli(['account', 'list'], { LANG: 'de_DE.UTF-8' });
    expect(listed.stdout).toContain('\tkeine Zugangsdaten (setzen Sie TRIBUTARY_SECRET_LOGGER)\n');
    const json = await Promise.all(
      ['en_US.UTF-8', 'de_DE.UTF-8'].map((LANG) => cli(['account', 'list', '--json'], { LANG })),
    );
    expect(json[0].stdout).toBe(json[1].stdout);
    const taken = await cli(add, { LANG: 'de_DE.UTF-8', ...secret });
    expect(taken.stderr).toBe('tributary: Ein Konto namens „Logger“ gibt es schon.\n');
    const synced = await cli(['sync', '--account', 'Logger'], { LANG: 'de_DE.UTF-8' });
    expect(synced.code).toBe(1);
    expect(synced.stdout).toBe(
      'Logger: fehlgeschlagen, 0 neue Messwerte — Keine Zugangsdaten für „Logger“: Sie kommen aus der Umgebung; setzen Sie TRIBUTARY_SECRET_LOGGER.\n',
    );
    const removed = await cli(['account', 'remove', 'Logger'], { LANG: 'de_DE.UTF-8' });
    expect(removed.stdout).toMatch(/^„Logger“ entfernt: Die Zugangsdaten sind gelöscht/);
  });
});
