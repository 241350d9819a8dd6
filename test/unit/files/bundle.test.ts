import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleEntries, bundleSize, zipBundle } from '../../../src-main/files/bundle';
import { readZip } from '../../helpers/read-zip';
import { tempDir } from '../../helpers/tmp';

async function bytesOf(gen: AsyncGenerator<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of gen) parts.push(b);
  return Buffer.concat(parts);
}

describe('bundles of downloaded files', () => {
  it('makes names from servers safe and never lets two files share an entry', () => {
    const file = (folder: string, name: string) => ({ path: '/x', size: 1, folder, name });
    const entries = bundleEntries([
      file('Brunnen 4', '20261106_000742.osfz'),
      file('Brunnen 5', '20261106_000742.osfz'),
      file('Brunnen 4', '20261106_000742.OSFZ'),
      file('../..', '../../etc/passwd'),
      file('a/b', 'C:\\evil\\con'),
    ]);
    expect(entries.map((e) => e.entryName)).toEqual([
      'Brunnen 4/20261106_000742.osfz',
      'Brunnen 5/20261106_000742.osfz',
      'Brunnen 4/20261106_000742-2.OSFZ',
      'files/passwd',
      'b/_con',
    ]);
  });

  it('writes a ZIP that unzips to the same bytes, exactly as long as announced', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.osfz');
    const b = join(dir, 'b.osfz');
    const bytesA = Buffer.from('first logger file \u00e4\u00f6\u00fc'.repeat(5000));
    const bytesB = Buffer.alloc(0);
    writeFileSync(a, bytesA);
    writeFileSync(b, bytesB);
    const entries = bundleEntries([
      { path: a, size: bytesA.length, folder: 'Pegel Süd', name: 'x.osfz' },
      { path: b, size: 0, folder: 'Pegel Nord', name: 'x.osfz' },
    ]);
    const zip = await bytesOf(zipBundle(entries));
    expect(zip.length).toBe(bundleSize(entries));
    expect(await readZip(zip)).toEqual([
      { name: 'Pegel Süd/x.osfz', data: bytesA },
      { name: 'Pegel Nord/x.osfz', data: bytesB },
    ]);
  });

  it('stops rather than send a broken archive when a file changed after it was measured', async () => {
    const dir = tempDir();
    const a = join(dir, 'a.osfz');
    writeFileSync(a, 'grown since');
    const entries = bundleEntries([{ path: a, size: 3, folder: 'd', name: 'a.osfz' }]);
    await expect(bytesOf(zipBundle(entries))).rejects.toThrow('changed while it was being sent');
  });

  it('refuses what a ZIP without ZIP64 cannot hold', () => {
    const big = bundleEntries([{ path: '/x', size: 5 * 1024 ** 3, folder: 'd', name: 'huge.osfz' }]);
    expect(() => bundleSize(big)).toThrow('too many or too large');
  });
});
