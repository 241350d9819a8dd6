import { describe, expect, it } from 'vitest';
import { safeFileName, withSuffix } from '../../../src-main/files/names';

describe('safeFileName', () => {
  it.each([
    ['/sde/preview/20220629/20220629_115750.osfz', '20220629_115750.osfz'],
    ['../../etc/passwd.osfz', 'passwd.osfz'],
    ['/etc/x.osfz', 'x.osfz'],
    ['/sde/preview/../../../tmp/evil.osfz', 'evil.osfz'],
    ['C:\\Windows\\System32\\evil.osfz', 'evil.osfz'],
    ['C:evil.osfz', 'C_evil.osfz'],
    ['..', 'file'],
    ['../..', 'file'],
    ['/', 'file'],
    ['', 'file'],
    ['...', 'file'],
    ['.hidden.osfz', 'hidden.osfz'],
    ['name. ', 'name'],
    ['a\u0000b.osfz', 'a_b.osfz'],
    ['tab\there\n.osfz', 'tab_here_.osfz'],
    ['what?<>|*".osfz', 'what______.osfz'],
    ['CON', '_CON'],
    ['con.osfz', '_con.osfz'],
    ['nul.tar.gz', '_nul.tar.gz'],
    ['LPT9.txt', '_LPT9.txt'],
    ['com1 ', '_com1'],
    ['console.osfz', 'console.osfz'],
  ])('%j → %j', (hostile, safe) => {
    expect(safeFileName(hostile)).toBe(safe);
  });

  it('uses the fallback when nothing is left', () => {
    expect(safeFileName('../', 'file-7')).toBe('file-7');
  });

  it('shortens very long names to at most 200 UTF-8 bytes, keeping the extension and whole characters', () => {
    const long = safeFileName(`${'a'.repeat(5000)}.osfz`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^a+\.osfz$/);
    const emoji = safeFileName(`${'🌊'.repeat(300)}.osfz`);
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(200);
    expect(emoji).toMatch(/^(🌊)+\.osfz$/u);
    expect(emoji.includes('\ufffd')).toBe(false);
  });

  it('never yields a path: no separator, no dot segment', () => {
    for (const name of ['a/../../b', '..\\..\\c', '/./.', 'x/./y/..', '\\\\server\\share\\z']) {
      const safe = safeFileName(name);
      expect(safe).not.toMatch(/[/\\]/);
      expect(['.', '..']).not.toContain(safe);
    }
  });
});

describe('withSuffix', () => {
  it('puts the suffix before the extension', () => {
    expect(withSuffix('a.osfz', '12')).toBe('a-12.osfz');
    expect(withSuffix('noext', '12')).toBe('noext-12');
  });
});
