import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, extractZipSafely, UnsafeArchiveError } from '../../../src-main/files/zip';
import { zipArchive, type ArchiveEntry } from '../../../src-main/simulators/opticloud/archive';
import { say } from '../../../src-main/model';
import { tempDir } from '../../helpers/tmp';

/** The extraction with each refusal's reason in English, as the log has it. */
async function extract(...args: Parameters<typeof extractZipSafely>) {
  const r = await extractZipSafely(...args);
  return { ...r, refused: r.refused.map((e) => ({ ...e, reason: say(e.reason, 'en') })) };
}

const zipOf = (entries: ArchiveEntry[]) => zipArchive(entries, new Date(0));

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
      zipOf([
        { name: 'sde/preview/20260101/20260101_000000.osfz', data: Buffer.from('one') },
        { name: 'sde/preview/20260102/20260102_000000.osfz', data: Buffer.from('two') },
        { name: 'folder/', data: Buffer.alloc(0) },
      ]),
    );
    mkdirSync(out);
    const { extracted } = await extract(zip, out);
    expect(extracted.map((e) => [e.entryName, e.path, e.size])).toEqual([
      ['sde/preview/20260101/20260101_000000.osfz', join(out, '20260101_000000.osfz'), 3],
      ['sde/preview/20260102/20260102_000000.osfz', join(out, '20260102_000000.osfz'), 3],
    ]);
    expect(readFileSync(join(out, '20260102_000000.osfz'), 'utf8')).toBe('two');
  });

  it.each([
    ['../../evil.osfz', 'path escaping the folder'],
    ['/tmp/evil-absolute.osfz', 'absolute path'],
    ['a/../../evil.osfz', 'path escaping the folder'],
    ['C:\\evil.osfz', 'absolute path'],
  ])('refuses the entry %j, extracts the good one beside it, writes nothing outside', async (name, reason) => {
    const dir = tempDir();
    const out = join(dir, 'deep', 'out');
    mkdirSync(out, { recursive: true });
    const zip = write(
      dir,
      zipOf([
        { name: 'fine.osfz', data: Buffer.from('ok') },
        { name, data: Buffer.from('evil') },
      ]),
    );
    const { extracted, refused } = await extract(zip, out);
    expect(refused).toEqual([{ entryName: name, reason, unasked: false }]);
    expect(extracted.map((e) => e.entryName)).toEqual(['fine.osfz']);
    expect(readdirSync(out)).toEqual(['fine.osfz']);
    expect(readFileSync(join(out, 'fine.osfz'), 'utf8')).toBe('ok');
    expect(readdirSync(dir).sort()).toEqual(['archive.zip', 'deep']);
    expect(existsSync('/tmp/evil-absolute.osfz')).toBe(false);
  });

  it('writes only the entries asked for, under the names given, and reports the others as ignored', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    const zip = write(
      dir,
      zipOf([
        { name: 'sde/a.osfz', data: Buffer.from('a') },
        { name: 'extra.txt', data: Buffer.from('not asked for') },
      ]),
    );
    const { extracted, refused } = await extract(zip, out, () => new Map([['sde/a.osfz', '1.bin']]));
    expect(extracted.map((e) => [e.entryName, e.path])).toEqual([['sde/a.osfz', join(out, '1.bin')]]);
    expect(refused).toEqual([{ entryName: 'extra.txt', reason: 'not asked for', unasked: true }]);
    expect(readdirSync(out)).toEqual(['1.bin']);
  });

  it('refuses a whole archive whose directory cannot be read, writing nothing', async () => {
    const dir = tempDir();
    const bytes = zipOf([{ name: 'a.osfz', data: Buffer.from('a') }]);
    const zip = write(dir, bytes.subarray(0, bytes.length - 30));
    const out = join(dir, 'out');
    mkdirSync(out);
    await expect(extract(zip, out)).rejects.toBeInstanceOf(UnsafeArchiveError);
    expect(readdirSync(out)).toEqual([]);
  });

  it('returns each entry’s sha256, and refuses an entry whose bytes do not match its CRC', async () => {
    const dir = tempDir();
    const data = Buffer.from('logger bytes '.repeat(50));
    const bytes = zipOf([{ name: 'a.osfz', data, compress: false }]);
    const {
      extracted: [entry],
    } = await extract(write(dir, bytes), join(dir));
    expect(entry.sha256).toBe(createHash('sha256').update(data).digest('hex'));

    const corrupt = Buffer.from(bytes);
    corrupt[30 + 'a.osfz'.length + 5] ^= 0xff; // a byte of the stored data, after the local header and name
    const out = join(dir, 'out');
    mkdirSync(out);
    expect(await extract(write(dir, corrupt), out)).toEqual({
      extracted: [],
      refused: [{ entryName: 'a.osfz', reason: 'corrupt (CRC mismatch)', unasked: false }],
    });
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses symbolic links', async () => {
    const dir = tempDir();
    const zip = write(dir, zipOf([{ name: 'link.osfz', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    expect((await extract(zip, dir)).refused).toEqual([{ entryName: 'link.osfz', reason: 'a link', unasked: false }]);
    expect(existsSync(join(dir, 'link.osfz'))).toBe(false);
  });

  it('refuses a zip bomb by its expansion ratio', async () => {
    const dir = tempDir();
    const zip = write(dir, zipOf([{ name: 'zeros.osfz', data: Buffer.alloc(10 * 1024 * 1024) }]));
    const { refused } = await extract(zip, dir);
    expect(refused.map((r) => r.entryName)).toEqual(['zeros.osfz']);
    expect(refused[0].reason).toMatch(/^expands \d+× \(zip bomb\?\)$/);
    expect(readdirSync(dir)).toEqual(['archive.zip']);
  });

  it('refuses archives beyond the entry count or total size limits', async () => {
    const dir = tempDir();
    const zip = write(
      dir,
      zipOf(
        Array.from({ length: 5 }, (_, i) => ({
          name: `f${i}.osfz`,
          data: Buffer.from(`file ${i} `.repeat(20)),
          compress: false,
        })),
      ),
    );
    await expect(extract(zip, dir, undefined, { ...DEFAULT_ZIP_LIMITS, maxEntries: 4 })).rejects.toThrow(
      'more than 4 entries',
    );
    await expect(extract(zip, dir, undefined, { ...DEFAULT_ZIP_LIMITS, maxTotalBytes: 300 })).rejects.toThrow(
      'beyond the size limit',
    );
    expect(readdirSync(dir)).toEqual(['archive.zip']);
  });

  it('refuses an entry that appears twice', async () => {
    const dir = tempDir();
    const zip = write(
      dir,
      zipOf([
        { name: 'a.osfz', data: Buffer.from('1') },
        { name: 'a.osfz', data: Buffer.from('2') },
      ]),
    );
    const out = join(dir, 'out');
    mkdirSync(out);
    const { extracted, refused } = await extract(zip, out);
    expect(extracted).toEqual([]);
    expect(refused.map((r) => [r.entryName, r.reason])).toEqual([
      ['a.osfz', 'it appears twice'],
      ['a.osfz', 'it appears twice'],
    ]);
    expect(readdirSync(out)).toEqual([]);
  });
});
