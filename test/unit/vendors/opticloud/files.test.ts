import { describe, expect, it } from 'vitest';
import {
  decodeXmlText,
  filesFromDataFiles,
  filesFromFileListXml,
  mergeFileLists,
} from '../../../../src-main/vendors/opticloud/map';

const S = 1_656_503_870; // 2022-06-29T11:57:50Z in seconds

describe('filesFromDataFiles', () => {
  it('reads each plausible spelling of name, size and time (ms or ISO)', () => {
    const files = filesFromDataFiles(
      [
        { name: '/sde/preview/20220629/20220629_115750.osfz', size: 1200, startTime: S * 1000, status: 2 },
        { fileName: 'b.osfz', fileSize: '77', time: '2022-06-29T11:57:50.5Z' },
        { filename: 'c.osf', createdTime: S * 1000 },
        { path: '/sde/d.osfz', endTime: S * 1000 + 1 },
      ],
      'dev-1',
    );
    expect(files).toEqual([
      {
        name: '/sde/preview/20220629/20220629_115750.osfz',
        sourceRef: 'dev-1',
        size: 1200,
        status: 2,
        startTs: S * 1e6,
        endTs: null,
      },
      { name: 'b.osfz', sourceRef: 'dev-1', size: 77, status: null, startTs: S * 1e6 + 500_000, endTs: null },
      { name: 'c.osf', sourceRef: 'dev-1', size: null, status: null, startTs: S * 1e6, endTs: null },
      { name: '/sde/d.osfz', sourceRef: 'dev-1', size: null, status: null, startTs: null, endTs: S * 1e6 + 1000 },
    ]);
  });

  it('fails loudly, naming the fields, on an item it cannot read', () => {
    expect(() => filesFromDataFiles([{ title: 'x.osfz' }], 'd')).toThrow(
      'data-files item 0 has no file name (looked for name, fileName, filename, path)',
    );
    expect(() => filesFromDataFiles([{ name: 'x', size: 'big' }], 'd')).toThrow(/size that is not a whole number/);
    expect(() => filesFromDataFiles([{ name: 'x', status: 7 }], 'd')).toThrow(/status 7/);
    expect(() => filesFromDataFiles([{ name: 'x', startTime: 'yesterday' }], 'd')).toThrow(/startTime that is neither/);
  });
});

describe('filesFromFileListXml', () => {
  it('reads GeoLogFile children as elements or attributes in any case, times in seconds', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <FileList>
        <GeoLogFile><Name>/sde/a&amp;b.osfz</Name><Size>10</Size><Time>${S}</Time><Status>0</Status></GeoLogFile>
        <geologfile FILENAME="b.osfz" size="20" StartTime="${S}" status="3"/>
        <GeoLogFile><fileName lang="x">c.osfz</fileName><STATUS>1</STATUS></GeoLogFile>
      </FileList>`;
    // Sibling tags in different letter case are grouped by the parser: order is by spelling, then document.
    const byName = filesFromFileListXml(xml, 'dev-1').sort((x, y) => x.name.localeCompare(y.name));
    expect(byName).toEqual([
      { name: '/sde/a&b.osfz', sourceRef: 'dev-1', size: 10, status: 0, startTs: S * 1e6, endTs: null },
      { name: 'b.osfz', sourceRef: 'dev-1', size: 20, status: 3, startTs: S * 1e6, endTs: null },
      { name: 'c.osfz', sourceRef: 'dev-1', size: null, status: 1, startTs: null, endTs: null },
    ]);
  });

  it('reads zero and one GeoLogFile', () => {
    expect(filesFromFileListXml('<FileList/>', 'd')).toEqual([]);
    expect(filesFromFileListXml('<FileList></FileList>', 'd')).toEqual([]);
    expect(filesFromFileListXml('<FileList><GeoLogFile Name="x.osfz"/></FileList>', 'd')).toHaveLength(1);
  });

  it('refuses a billion-laughs document without expanding it', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<FileList><GeoLogFile><Name>&lol9;</Name></GeoLogFile></FileList>',
    ].join('\n');
    const started = process.memoryUsage().heapUsed;
    expect(() => filesFromFileListXml(lol, 'd')).toThrow(/DOCTYPE or entities; refused/);
    expect(process.memoryUsage().heapUsed - started).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses external entities', () => {
    const xxe =
      '<?xml version="1.0"?><!doctype x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><FileList><GeoLogFile><Name>&xxe;</Name></GeoLogFile></FileList>';
    expect(() => filesFromFileListXml(xxe, 'd')).toThrow(/refused/);
  });

  it('leaves an undeclared entity reference as text instead of resolving it', () => {
    expect(
      filesFromFileListXml('<FileList><GeoLogFile><Name>&lol9;.osfz</Name></GeoLogFile></FileList>', 'd')[0].name,
    ).toBe('&lol9;.osfz');
  });

  it('fails loudly on a document without FileList or with an unnamed file', () => {
    expect(() => filesFromFileListXml('<Other/>', 'd')).toThrow(/no FileList element/);
    expect(() => filesFromFileListXml('<FileList><GeoLogFile><Size>1</Size></GeoLogFile></FileList>', 'd')).toThrow(
      /GeoLogFile 0 has no file name/,
    );
  });
});

describe('decodeXmlText', () => {
  it('decodes the five entities and character references once, never recursively', () => {
    expect(decodeXmlText('a&amp;lt;b &#65;&#x42; &quot;&apos;&gt;')).toBe('a&lt;b AB "\'>');
  });
});

describe('mergeFileLists', () => {
  it('keeps one entry per name: the device list’s status, the server’s size and times', () => {
    const server = [
      { name: 'a', sourceRef: 'd', size: 100, status: null, startTs: 1, endTs: null },
      { name: 'b', sourceRef: 'd', size: 5, status: null, startTs: null, endTs: null },
    ];
    const listed = [
      { name: 'a', sourceRef: 'd', size: 90, status: 3, startTs: 2, endTs: 9 },
      { name: 'c', sourceRef: 'd', size: 7, status: 0, startTs: 3, endTs: null },
    ];
    expect(mergeFileLists(server, listed)).toEqual([
      { name: 'a', sourceRef: 'd', size: 100, status: 3, startTs: 1, endTs: 9 },
      server[1],
      listed[1],
    ]);
  });
});
