/**
 * Several files as one ZIP, written as it is read: entries are stored (logger files are compressed
 * already), so the archive's size is known before its first byte and nothing is held in memory.
 */
import { createReadStream } from 'node:fs';
import { crc32 } from 'node:zlib';
import { UserError } from '../model';
import { safeFileName, withSuffix } from './names';

export interface BundleFile {
  path: string;
  size: number;
  /** The folder it goes in (a device's name), made safe here. */
  folder: string;
  /** Its file name, made safe here. */
  name: string;
}

export interface BundleEntry {
  path: string;
  size: number;
  /** `folder/name`: safe, and unique within the bundle. */
  entryName: string;
}

/** Without ZIP64, no entry, offset or archive may pass 4 GiB. */
const ZIP32_LIMIT = 0xffff_ffff;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8 = 0x0800;

/**
 * Entry names for `files`: each folder and name made safe (names from a server are never trusted),
 * and a second file of the same name in the same folder numbered, so none overwrites another.
 */
export function bundleEntries(files: readonly BundleFile[]): BundleEntry[] {
  const taken = new Set<string>();
  return files.map((f) => {
    const folder = safeFileName(f.folder, 'files');
    const name = safeFileName(f.name);
    let entryName = `${folder}/${name}`;
    for (let n = 2; taken.has(entryName.toLowerCase()); n++) entryName = `${folder}/${withSuffix(name, String(n))}`;
    taken.add(entryName.toLowerCase());
    return { path: f.path, size: f.size, entryName };
  });
}

/** The archive's exact size in bytes; refuses what a ZIP without ZIP64 cannot hold. */
export function bundleSize(entries: readonly BundleEntry[]): number {
  let size = END_RECORD;
  for (const e of entries) size += LOCAL_HEADER + CENTRAL_HEADER + 2 * Buffer.byteLength(e.entryName) + e.size;
  if (size > ZIP32_LIMIT || entries.length > 0xffff) throw new UserError('files.zipTooBig');
  return size;
}

/** The bytes of the archive, file by file: each is read once for its CRC and once into the archive. */
export async function* zipBundle(entries: readonly BundleEntry[], now = new Date()): AsyncGenerator<Buffer> {
  bundleSize(entries);
  const [time, date] = dosDateTime(now);
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.entryName);
    let crc = 0;
    for await (const chunk of createReadStream(e.path)) crc = crc32(chunk as Buffer, crc);
    const fields = { crc, size: e.size, time, date, name };
    const local = localHeader(fields);
    central.push(centralHeader(fields, offset));
    yield local;
    let read = 0;
    for await (const chunk of createReadStream(e.path)) {
      read += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    // A file that changed while it was sent would make a broken archive: stop rather than lie.
    if (read !== e.size) throw new Error(`${e.entryName} changed while it was being sent`);
    offset += local.length + e.size;
  }
  const directory = Buffer.concat(central);
  yield* central;
  const end = Buffer.alloc(END_RECORD);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}

interface EntryFields {
  crc: number;
  size: number;
  time: number;
  date: number;
  name: Buffer;
}

function localHeader(f: EntryFields): Buffer {
  const b = Buffer.alloc(LOCAL_HEADER);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4); // version needed
  b.writeUInt16LE(UTF8, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(f.time, 10);
  b.writeUInt16LE(f.date, 12);
  b.writeUInt32LE(f.crc, 14);
  b.writeUInt32LE(f.size, 18);
  b.writeUInt32LE(f.size, 22);
  b.writeUInt16LE(f.name.length, 26);
  return Buffer.concat([b, f.name]);
}

function centralHeader(f: EntryFields, offset: number): Buffer {
  const b = Buffer.alloc(CENTRAL_HEADER);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4); // made by
  b.writeUInt16LE(20, 6); // version needed
  b.writeUInt16LE(UTF8, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(f.time, 12);
  b.writeUInt16LE(f.date, 14);
  b.writeUInt32LE(f.crc, 16);
  b.writeUInt32LE(f.size, 20);
  b.writeUInt32LE(f.size, 24);
  b.writeUInt16LE(f.name.length, 28);
  b.writeUInt32LE(offset, 42);
  return Buffer.concat([b, f.name]);
}

/** MS-DOS time and date fields (local time, 2 s steps), as unzip tools show them. */
function dosDateTime(d: Date): [number, number] {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = (Math.max(d.getFullYear() - 1980, 0) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}
