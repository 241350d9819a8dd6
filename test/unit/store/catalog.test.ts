import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/db';
import { insertAccount, listStreams, markUnreported, upsertStream } from '../../../src-main/store/catalog';
import { tempDir } from '../../helpers/tmp';

it('flags only the vendor streams discovery stopped reporting, never those imported from logger files', () => {
  const db = openStore(join(tempDir(), 'c.sqlite'));
  insertAccount(db, { id: 'a1', vendor: 'opticloud', name: 'Loggers', baseUrl: 'http://x', options: {}, createdAt: 0 });
  const stream = (key: string, vendor: 'opticloud' | 'osf') =>
    upsertStream(db, { key, vendor, accountId: 'a1', sourceId: null, name: key, unit: '', kind: 'number' }, 0);
  stream('opticloud/d1/level', 'opticloud');
  stream('opticloud/d1/old', 'opticloud');
  stream('osf/d1/System.Status', 'osf');
  expect(markUnreported(db, 'a1', ['opticloud/d1/level'])).toBe(1);
  expect(Object.fromEntries(listStreams(db, { accountId: 'a1' }).map((s) => [s.key, s.reported]))).toEqual({
    'opticloud/d1/level': true,
    'opticloud/d1/old': false,
    'osf/d1/System.Status': true,
  });
  db.close();
});
