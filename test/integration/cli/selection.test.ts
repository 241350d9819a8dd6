/**
 * Issue 16's "Done means", through the CLI's commands in-process against the simulators, with the
 * real keychain: discovery before any sync, select then sync, account edit and remove.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, type CommandContext } from '../../../src-main/cli/commands';
import { openStore } from '../../../src-main/store/db';
import { createVault } from '../../../src-main/vault';
import { VENDORS, type Simulators, startSimulators } from '../../../src-main/simulators';
import { tempDir } from '../../helpers/tmp';

// The CLI's workspace runs on the real clock, so the simulators do too.
const FROM = new Date(Date.now() - 5 * 86_400_000).toISOString();
let sims: Simulators;
beforeAll(async () => {
  sims = await startSimulators({ seed: 16, scale: 'small' });
});
afterAll(async () => {
  await sims.close();
});

interface Cli {
  run(args: string[], stdin?: string): Promise<{ code: number; out: string; err: string }>;
  dataDir: string;
}

function cli(): Cli {
  const dataDir = join(tempDir(), 'ws');
  return {
    dataDir,
    async run(args, stdin = '') {
      let out = '';
      let err = '';
      const ctx: CommandContext = {
        dataDir,
        verbose: false,
        isTTY: false,
        out: (l) => (out += `${l}\n`),
        err: (l) => (err += `${l}\n`),
        readStdin: () => Promise.resolve(stdin),
      };
      const code = await commands[args[0]].run(args.slice(1), ctx);
      return { code, out, err };
    },
  };
}

interface StreamJson {
  key: string;
  name: string;
  unit: string;
  kind: string;
  source: string | null;
  selected: boolean;
  points: number;
}

async function addAccount(c: Cli, vendor: (typeof VENDORS)[number], secret: Record<string, string>) {
  const r = await c.run(
    [
      'account',
      'add',
      '--vendor',
      vendor,
      '--name',
      vendor,
      '--base-url',
      sims.baseUrls[vendor],
      '--secret-stdin',
      '--from',
      FROM,
    ],
    JSON.stringify(secret),
  );
  expect(r.code, r.err).toBe(0);
}

/** Removes every account of the workspace with its data and keychain entry, as a user would. */
async function removeAll(c: Cli): Promise<void> {
  for (const vendor of VENDORS) await c.run(['account', 'remove', vendor, '--delete-data']).catch(() => undefined);
}

describe('streams --discover, select, account edit and remove (issue 16)', () => {
  it(
    'lists every stream of each account before any sync, with source and selected, and no points',
    { timeout: 120_000 },
    async () => {
      const c = cli();
      try {
        for (const vendor of VENDORS) await addAccount(c, vendor, sims.credentials[vendor]);
        for (const vendor of VENDORS) {
          const r = await c.run(['streams', '--account', vendor, '--discover', '--json']);
          expect(r.code, r.err).toBe(0);
          const rows = JSON.parse(r.out) as StreamJson[];
          const keys = new Set(rows.map((s) => s.key));
          for (const t of sims.sims[vendor].truth()) expect(keys.has(t.key), `${vendor}: ${t.key}`).toBe(true);
          for (const s of rows) {
            expect(s.source, s.key).toMatch(new RegExp(`^${vendor}/`));
            expect(s.selected, s.key).toBe(true);
            expect(s.points, s.key).toBe(0);
          }
        }
      } finally {
        await removeAll(c);
      }
    },
  );

  it('select --none, then two keys: a sync gives points to exactly those two', { timeout: 120_000 }, async () => {
    const c = cli();
    try {
      await addAccount(c, 'realtime', sims.credentials.realtime);
      await c.run(['streams', '--account', 'realtime', '--discover']);
      const none = await c.run(['select', '--account', 'realtime', '--none']);
      expect(none.code, none.err).toBe(0);
      expect(none.out).toMatch(/^0 of \d+ streams/);
      const listed = JSON.parse((await c.run(['streams', '--account', 'realtime', '--json'])).out) as StreamJson[];
      expect(listed.every((s) => !s.selected)).toBe(true);
      const chosen = [listed[0].key, listed[listed.length - 1].key];
      const picked = await c.run(['select', '--account', 'realtime', ...chosen]);
      expect(picked.out).toMatch(new RegExp(`^2 of ${listed.length} streams`));
      const sync = await c.run(['sync', '--account', 'realtime']);
      expect(sync.code, sync.err + sync.out).toBe(0);
      const after = JSON.parse((await c.run(['streams', '--account', 'realtime', '--json'])).out) as StreamJson[];
      expect(
        after
          .filter((s) => s.points > 0)
          .map((s) => s.key)
          .sort(),
      ).toEqual([...chosen].sort());
      // Taken out again, a stream keeps its points.
      await c.run(['select', '--account', 'realtime', '--off', chosen[0]]);
      const kept = JSON.parse((await c.run(['streams', '--account', 'realtime', '--json'])).out) as StreamJson[];
      expect(kept.find((s) => s.key === chosen[0])).toMatchObject({ selected: false });
      expect(kept.find((s) => s.key === chosen[0])?.points).toBeGreaterThan(0);
    } finally {
      await removeAll(c);
    }
  });

  it(
    "select --series-by names the fields that tell an OpenDataSoft dataset's series apart",
    { timeout: 120_000 },
    async () => {
      const c = cli();
      try {
        await addAccount(c, 'opendatasoft', sims.credentials.opendatasoft);
        const detected = JSON.parse(
          (await c.run(['streams', '--account', 'opendatasoft', '--discover', '--json'])).out,
        ) as StreamJson[];
        expect(detected.map((s) => s.key)).toContain(
          'opendatasoft/air-quality-hourly-long/valeur/FR20047%20Lyon%20Centre/NO2',
        );
        const r = await c.run([
          'select',
          '--account',
          'opendatasoft',
          '--series-by',
          'station',
          'opendatasoft/air-quality-hourly-long',
        ]);
        expect(r.code, r.err).toBe(0);
        const after = JSON.parse(
          (await c.run(['streams', '--account', 'opendatasoft', '--json'])).out,
        ) as (StreamJson & {
          reported: boolean;
        })[];
        const reported = after.filter((s) => s.reported && s.source === 'opendatasoft/air-quality-hourly-long');
        expect(reported.map((s) => [s.key, s.kind]).sort()).toEqual(
          ['FR20047%20Lyon%20Centre', 'FR20062%20Gerland']
            .flatMap((station) => [
              [`opendatasoft/air-quality-hourly-long/polluant/${station}`, 'text'],
              [`opendatasoft/air-quality-hourly-long/unite/${station}`, 'text'],
              [`opendatasoft/air-quality-hourly-long/valeur/${station}`, 'number'],
            ])
            .sort(),
        );
      } finally {
        await removeAll(c);
      }
    },
  );

  it('account edit --secret-stdin makes the next sync use the new secret', { timeout: 120_000 }, async () => {
    const c = cli();
    try {
      await addAccount(c, 'opensense', { token: 'wrong-token-0000' });
      const failed = await c.run(['sync', '--account', 'opensense']);
      expect(failed.code).toBe(1);
      const edited = await c.run(
        ['account', 'edit', 'opensense', '--secret-stdin'],
        JSON.stringify(sims.credentials.opensense),
      );
      expect(edited.code, edited.err).toBe(0);
      const ok = await c.run(['sync', '--account', 'opensense']);
      expect(ok.code, ok.out + ok.err).toBe(0);
      expect(ok.out).toMatch(/opensense: ok, [1-9]\d* new points/);
    } finally {
      await removeAll(c);
    }
  });

  it(
    'account remove keeps the data read-only; --delete-data leaves no row and no keychain entry',
    { timeout: 120_000 },
    async () => {
      const c = cli();
      await addAccount(c, 'opti', sims.credentials.opti);
      expect((await c.run(['sync', '--account', 'opti'])).code).toBe(0);
      const db = openStore(join(c.dataDir, 'tributary.sqlite'));
      try {
        const row = db.prepare("SELECT id, options FROM accounts WHERE name = 'opti'").get() as {
          id: string;
          options: string;
        };
        const account = { id: row.id, name: 'opti', options: JSON.parse(row.options) as Record<string, unknown> };
        const vault = createVault(c.dataDir, {});
        expect(vault.state(account)).toBe('keychain');
        const listed = JSON.parse((await c.run(['account', 'list', '--json'])).out) as unknown[];
        expect(listed).toEqual([
          { name: 'opti', vendor: 'opti', baseUrl: sims.baseUrls.opti, credentials: 'keychain', removed: false },
        ]);

        const kept = await c.run(['account', 'remove', 'opti']);
        expect(kept.out).toMatch(/stay, read-only/);
        expect(JSON.parse((await c.run(['account', 'list', '--json'])).out)).toMatchObject([{ removed: true }]);
        expect(vault.state(account)).toBe('none');
        expect((db.prepare('SELECT count(*) AS n FROM points').get() as { n: number }).n).toBeGreaterThan(0);
        const again = await c.run(['sync', '--account', 'opti']);
        expect(again.code).toBe(1);
        expect(again.out).toMatch(/removed/);

        expect((await c.run(['account', 'remove', 'opti', '--delete-data'])).code).toBe(0);
        const tables = (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
        ).map((t) => t.name);
        for (const table of tables) {
          const n = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
          if (['settings', 'saved_views'].includes(table)) continue;
          expect(n, table).toBe(0);
        }
        expect(vault.state(account)).toBe('none');
      } finally {
        db.close();
      }
    },
  );
});
