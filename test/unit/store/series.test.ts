import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { migrate } from '../../../src-main/store/db';
import { chooseSeriesFields, listSeriesFields, saveDetectedSeriesFields } from '../../../src-main/store/series';
import { tempDir } from '../../helpers/tmp';

it('migration 6 moves the account option seriesBy into series_fields, as the user’s choice, and leaves other options', () => {
  const db = new Database(join(tempDir(), 'm6.sqlite'));
  db.pragma('foreign_keys = ON');
  migrate(db, 5);
  const add = db.prepare(
    "INSERT INTO accounts (id, vendor, name, base_url, options, created_at) VALUES (?, 'opendatasoft', ?, 'http://x', ?, 0)",
  );
  add.run('a', 'A', JSON.stringify({ from: 5, seriesBy: { 'air-long': ['station', 'polluant'], bad: 'station' } }));
  add.run('b', 'B', JSON.stringify({ from: 7 }));
  migrate(db, 6);
  expect(listSeriesFields(db, 'a')).toEqual([
    { sourceRef: 'air-long', detected: null, chosen: ['station', 'polluant'] },
  ]);
  expect(listSeriesFields(db, 'b')).toEqual([]);
  const options = db.prepare('SELECT id, options FROM accounts ORDER BY id').all() as { id: string; options: string }[];
  expect(options.map((o) => [o.id, JSON.parse(o.options) as unknown])).toEqual([
    ['a', { from: 5 }],
    ['b', { from: 7 }],
  ]);
  db.prepare("DELETE FROM accounts WHERE id = 'a'").run();
  expect(db.prepare('SELECT count(*) AS n FROM series_fields').get()).toEqual({ n: 0 });
  db.close();
});

it('keeps the detected fields and the chosen ones apart: each write leaves the other', () => {
  const db = new Database(join(tempDir(), 'series.sqlite'));
  migrate(db, 6);
  db.prepare(
    "INSERT INTO accounts (id, vendor, name, base_url, created_at) VALUES ('a', 'opendatasoft', 'A', 'http://x', 0)",
  ).run();
  saveDetectedSeriesFields(db, 'a', 'aq', 't:datetime,station:text', ['station']);
  chooseSeriesFields(db, 'a', 'aq', ['station', 'kind']);
  saveDetectedSeriesFields(db, 'a', 'aq', 't:datetime,station:text,kind:text', ['station', 'kind']);
  expect(listSeriesFields(db, 'a')).toEqual([
    {
      sourceRef: 'aq',
      detected: { signature: 't:datetime,station:text,kind:text', fields: ['station', 'kind'] },
      chosen: ['station', 'kind'],
    },
  ]);
  expect(() => db.prepare(`UPDATE series_fields SET chosen = '"station"'`).run()).toThrow(/CHECK/);
  db.close();
});
