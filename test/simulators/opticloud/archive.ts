import { ZipFile } from 'yazl';

export interface ArchiveEntry {
  name: string;
  data: Buffer;
}

/** yazl refuses what a zip-slip archive needs (absolute paths, `..`, backslashes): such names go in as same-length placeholders. */
function unsafeForYazl(name: string): boolean {
  return name.includes('\\') || /^([a-zA-Z]:|\/)/.test(name) || name.split('/').includes('..');
}

function placeholder(length: number, index: number): string {
  const tag = `zz${index}`;
  return tag + 'q'.repeat(Math.max(0, length - tag.length));
}

/**
 * A ZIP of the entries, byte-for-byte deterministic (fixed mtime). Entry names are written verbatim,
 * even hostile ones (`../../evil.osfz`, `/tmp/evil.osfz`): the names are patched into the local and
 * central headers after yazl has written placeholders (names are not covered by the CRC).
 * `compress` false stores entries as they are (bench files are incompressible: deflating them only costs time).
 */
export async function zipArchive(entries: ArchiveEntry[], mtime: Date, compress = true): Promise<Buffer> {
  const zip = new ZipFile();
  const patches: { from: Buffer; to: Buffer }[] = [];
  entries.forEach((entry, i) => {
    let name = entry.name;
    if (unsafeForYazl(name)) {
      const to = Buffer.from(name, 'utf8');
      name = placeholder(to.length, i);
      if (Buffer.byteLength(name) !== to.length)
        throw new Error(`hostile entry name too short to patch: ${entry.name}`);
      patches.push({ from: Buffer.from(name, 'utf8'), to });
    }
    zip.addBuffer(entry.data, name, { mtime, mode: 0o100644, compress });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  for (const { from, to } of patches) {
    for (let at = bytes.indexOf(from); at !== -1; at = bytes.indexOf(from, at + to.length)) to.copy(bytes, at);
  }
  return bytes;
}
