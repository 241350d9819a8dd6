import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { DEFAULT_ZIP_LIMITS, extractZipSafely, UnsafeArchiveError } from '../../../src-main/files/zip';
import { zipArchive } from '../../simulators/opticloud/archive';
import { tempDir } from '../../helpers/tmp';

interface Entry {
  name: string;
  data: Buffer;
  mode?: number;
  compress?: boolean;
}

async function zipOf(entries: Entry[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const e of entries) {
    if (e.name.endsWith('/')) zip.addEmptyDirectory(e.name.slice(0, -1), { mtime: new Date(0) });
    else zip.addBuffer(e.data, e.name, { mode: e.mode ?? 0o100644, compress: e.compress ?? true, mtime: new Date(0) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function write(dir: string, bytes: Buffer): string {
  const path = join(dir, 'archive.zip');
  writeFileSync(path, bytes);
  return path;
}

describe('extractZipSafely', () => {
  it('extracts flat, each entry under a safe name inside the folder', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const zip = write(
      dir,
      await zipOf([
        { name: 'sde/preview/20260101/20260101_000000.osfz', data: Buffer.from('one') },
        { name: 'sde/preview/20260102/20260102_000000.osfz', data: Buffer.from('two') },
        { name: 'folder/', data: Buffer.alloc(0) },
      ]),
    );
    mkdirSync(out);
    const entries = await extractZipSafely(zip, out);
    expect(entries.map((e) => [e.entryName, e.path, e.size])).toEqual([
      ['sde/preview/20260101/20260101_000000.osfz', join(out, '20260101_000000.osfz'), 3],
      ['sde/preview/20260102/20260102_000000.osfz', join(out, '20260102_000000.osfz'), 3],
    ]);
    expect(readFileSync(join(out, '20260102_000000.osfz'), 'utf8')).toBe('two');
  });

  it.each([
    ['../../evil.osfz', /^The archive was refused: path escaping the folder "\.\.\/\.\.\/evil\.osfz"\.$/],
    ['/tmp/evil-absolute.osfz', /^The archive was refused: absolute path "\/tmp\/evil-absolute\.osfz"\.$/],
    ['a/../../evil.osfz', /path escaping the folder/],
    ['C:\\evil.osfz', /absolute path|invalid characters/],
  ])('refuses an archive with the entry %j and writes nothing', async (name, message) => {
    const dir = tempDir();
    const out = join(dir, 'deep', 'out');
    mkdirSync(out, { recursive: true });
    const zip = write(
      dir,
      await zipArchive(
        [
          { name: 'fine.osfz', data: Buffer.from('ok') },
          { name, data: Buffer.from('evil') },
        ],
        new Date(0),
      ),
    );
    const err = await extractZipSafely(zip, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect((err as Error).message).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['archive.zip', 'deep']);
    expect(existsSync('/tmp/evil-absolute.osfz')).toBe(false);
  });

  it('refuses symbolic links', async () => {
    const dir = tempDir();
    const zip = write(dir, await zipOf([{ name: 'link.osfz', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    await expect(extractZipSafely(zip, dir)).rejects.toThrow(/^The archive was refused: link "link.osfz"\.$/);
    expect(existsSync(join(dir, 'link.osfz'))).toBe(false);
  });

  it('refuses a zip bomb by its expansion ratio', async () => {
    const dir = tempDir();
    const zip = write(dir, await zipOf([{ name: 'zeros.osfz', data: Buffer.alloc(10 * 1024 * 1024) }]));
    await expect(extractZipSafely(zip, dir)).rejects.toThrow(
      /^The archive was refused: entry "zeros.osfz" expands \d+× \(zip bomb\?\)\.$/,
    );
    expect(readdirSync(dir)).toEqual(['archive.zip']);
  });

  it('refuses archives beyond the entry count or total size limits', async () => {
    const dir = tempDir();
    const zip = write(
      dir,
      await zipOf(
        Array.from({ length: 5 }, (_, i) => ({
          name: `f${i}.osfz`,
          data: Buffer.from(`file ${i} `.repeat(20)),
          compress: false,
        })),
      ),
    );
    await expect(extractZipSafely(zip, dir, undefined, { ...DEFAULT_ZIP_LIMITS, maxEntries: 4 })).rejects.toThrow(
      'more than 4 entries',
    );
    await expect(extractZipSafely(zip, dir, undefined, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 300 })).rejects.toThrow(
      'beyond the size limit',
    );
    expect(readdirSync(dir)).toEqual(['archive.zip']);
  });

  it('refuses an entry that appears twice', async () => {
    const dir = tempDir();
    const zip = write(
      dir,
      await zipOf([
        { name: 'a.osfz', data: Buffer.from('1') },
        { name: 'a.osfz', data: Buffer.from('2') },
      ]),
    );
    await expect(extractZipSafely(zip, join(dir))).rejects.toThrow('entry "a.osfz" appears twice');
  });
});
