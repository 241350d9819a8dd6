import { crc32, deflateRawSync } from 'node:zlib';

export interface ArchiveEntry {
  /** Written verbatim, hostile names included (`../../evil.osfz`, `/tmp/evil.osfz`); a trailing `/` makes a folder. */
  name: string;
  data: Buffer;
  /** Unix mode; 0o120777 makes a symbolic link whose target is `data`. */
  mode?: number;
  /** Deflate (the default) or store as is (incompressible benchmark files: deflating them only costs time). */
  compress?: boolean;
}

const UTF8_NAMES = 0x0800;
const VERSION = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION;

/** MS-DOS date and time (UTC here, so the archive is the same everywhere): 2-second steps, years from 1980. */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * A ZIP of the entries, byte-for-byte deterministic (one fixed mtime): local headers with the data,
 * then the central directory. Written here rather than with a library because a zip-slip archive
 * needs names that every ZIP writer refuses, and because the CRCs come from zlib's native crc32.
 */
export function zipArchive(entries: ArchiveEntry[], mtime: Date): Buffer {
  const { time, date } = dosDateTime(mtime);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const folder = entry.name.endsWith('/');
    const method = entry.compress === false || folder ? 0 : 8;
    const body = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const mode = entry.mode ?? (folder ? 0o40755 : 0o100644);
    const fields = (head: Buffer, at: number) => {
      head.writeUInt16LE(UTF8_NAMES, at);
      head.writeUInt16LE(method, at + 2);
      head.writeUInt16LE(time, at + 4);
      head.writeUInt16LE(date, at + 6);
      head.writeUInt32LE(crc32(entry.data), at + 8);
      head.writeUInt32LE(body.length, at + 12);
      head.writeUInt32LE(entry.data.length, at + 16);
      head.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION, 4);
    fields(local, 6);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(MADE_BY_UNIX, 4);
    record.writeUInt16LE(VERSION, 6);
    fields(record, 8);
    record.writeUInt32LE((mode << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(record, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
