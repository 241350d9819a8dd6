import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Point, StreamKind } from '../model';
import { listSources, readSetting, upsertSource, upsertStream, writeSetting } from '../store/catalog';
import type { Db } from '../store/db';
import { insertPoints } from '../store/points';
import { recordStreamSuccess } from '../store/status';
import { datatypeKind, openOsf } from './reader';
import type { OsfChannel, OsfHeader, SampleBatch } from './types';

export interface OsfImportOptions {
  /** Account the file belongs to (an optiCLOUD account for downloaded files); null for local files. */
  accountId?: string | null;
  /** optiCLOUD device id: names the source instead of the file name. */
  deviceId?: string;
  /** Bookkeeping clock, ms. */
  now?: () => number;
}

export interface OsfImportResult {
  file: string;
  sha256: string;
  source: string;
  /** The same bytes were imported before: nothing was read or written. */
  alreadyImported: boolean;
  streams: number;
  pointsAdded: number;
  /** Samples not stored because their stream already had a point at that microsecond. */
  pointsIgnored: number;
  truncated: boolean;
  warnings: string[];
}

/** One store stream of a channel: its own, a gps component, or its events. */
interface StreamSpec {
  suffix: string;
  kind: StreamKind;
  unit: string;
}

interface StreamPart extends StreamSpec {
  points: Point[];
}

const GPS_COMPONENTS = ['latitude', 'longitude', 'altitude'] as const;

const gpsSpecs = (separator: string): StreamSpec[] =>
  GPS_COMPONENTS.map((component) => ({
    suffix: `${separator}${component}`,
    kind: 'number',
    unit: component === 'altitude' ? 'm' : '°',
  }));

function channelStreams(channel: OsfChannel, separator: string): StreamSpec[] {
  const kind = datatypeKind(channel.datatype);
  if (kind === 'gps') return gpsSpecs(separator);
  return kind === null ? [] : [{ suffix: '', kind, unit: channel.unit }];
}
const importedKey = (sha256: string): string => `osf.imported.${sha256}`;

/** `foo.osf`, `foo.osfz`, `foo.osf.gz` → `foo`. */
export function osfSourceName(file: string): string {
  return basename(file).replace(/(\.osfz?|\.gz|\.zlib)+$/i, '');
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Imports one OSF file: each channel becomes the stream `osf/<source>/<channel name>`. Runs once per
 * file content (sha256); points of a stream are unique per microsecond, the first one wins.
 */
export async function importOsfFile(db: Db, file: string, options: OsfImportOptions = {}): Promise<OsfImportResult> {
  const now = options.now ?? Date.now;
  const accountId = options.accountId ?? null;
  const sha256 = await fileSha256(file);
  const source = options.deviceId ?? osfSourceName(file);
  const result: OsfImportResult = {
    file,
    sha256,
    source,
    alreadyImported: readSetting(db, importedKey(sha256)) !== null,
    streams: 0,
    pointsAdded: 0,
    pointsIgnored: 0,
    truncated: false,
    warnings: [],
  };
  if (result.alreadyImported) return result;

  const osf = await openOsf(file);
  const { header } = osf;
  const device =
    options.deviceId && accountId
      ? listSources(db, accountId).find((s) => s.vendorRef === options.deviceId)
      : undefined;
  const sourceId = upsertSource(db, {
    accountId,
    vendorRef: `osf:${source}`,
    parentId: device?.id ?? null,
    // Under a device, say what these are; a file opened from disk is named after itself.
    name: device ? `${device.name} · logger files` : source,
    meta: sourceMeta(header, file, sha256),
  });
  const streamIds = new Map<string, number>();
  const streamId = (channel: OsfChannel, part: StreamSpec): number => {
    const key = `osf/${source}/${channel.name}${part.suffix}`;
    let id = streamIds.get(key);
    if (id === undefined) {
      id = upsertStream(
        db,
        {
          key,
          vendor: 'osf',
          accountId,
          sourceId,
          name: `${channel.name}${part.suffix}`,
          unit: part.unit,
          kind: part.kind,
          meta: { osf: { index: channel.index, datatype: channel.datatype, attributes: channel.attributes } },
        },
        now(),
      );
      streamIds.set(key, id);
    }
    return id;
  };

  // Every decodable channel gets its stream(s), even when this file holds no sample of it.
  for (const channel of header.channels)
    for (const spec of channelStreams(channel, header.namespaceSeparator)) streamId(channel, spec);
  for await (const batch of osf.samples()) {
    const parts = streamParts(batch, header.namespaceSeparator);
    db.transaction(() => {
      for (const part of parts) {
        const id = streamId(batch.channel, part);
        const added = insertPoints(db, id, part.points);
        result.pointsAdded += added;
        result.pointsIgnored += part.points.length - added;
        // The tree, the chart's extent and the counts read a stream's status row, as after a sync.
        const span = tsSpan(part.points);
        if (span) recordStreamSuccess(db, id, added, span.first, span.last, now());
      }
    })();
  }
  // Channels without samples in this file still read as opened ("no data"), not "not synced yet".
  for (const id of streamIds.values()) recordStreamSuccess(db, id, 0, null, null, now());
  result.streams = streamIds.size;
  result.truncated = osf.truncated;
  result.warnings = osf.warnings;
  writeSetting(
    db,
    importedKey(sha256),
    JSON.stringify({
      file: basename(file),
      source,
      importedAt: now(),
      pointsAdded: result.pointsAdded,
      truncated: result.truncated,
    }),
  );
  return result;
}

function sourceMeta(header: OsfHeader, file: string, sha256: string): Record<string, unknown> {
  return {
    osf: {
      file: basename(file),
      sha256,
      format: header.magic,
      creator: header.creator,
      createdUtc: header.createdUtc,
      tag: header.tag,
      attributes: header.attributes,
      infos: Object.fromEntries(header.infos.map((i) => [i.name, i.value])),
    },
  };
}

function tsSpan(points: readonly Point[]): { first: number; last: number } | null {
  if (points.length === 0) return null;
  let first = points[0].ts;
  let last = first;
  for (const p of points) {
    if (p.ts < first) first = p.ts;
    if (p.ts > last) last = p.ts;
  }
  return { first, last };
}

/** Maps a batch to store points; trusted timestamps and time-base realigns carry no value and are not stored. */
function streamParts(batch: SampleBatch, separator: string): StreamPart[] {
  const { ts } = batch;
  const unit = batch.channel.unit;
  const events = `${separator}events`;
  switch (batch.kind) {
    case 'number':
      return [
        { suffix: '', kind: 'number', unit, points: Array.from(ts, (t, i) => ({ ts: t, value: batch.values[i] })) },
      ];
    case 'text':
      return [
        { suffix: '', kind: 'text', unit, points: Array.from(ts, (t, i) => ({ ts: t, value: batch.values[i] })) },
      ];
    case 'gps':
      return gpsSpecs(separator).map((spec, c) => ({
        ...spec,
        points: Array.from(ts, (t, i) => ({ ts: t, value: batch.values[i * 3 + c] })),
      }));
    case 'message':
      return [
        {
          suffix: events,
          kind: 'text',
          unit: '',
          points: Array.from(ts, (t, i) => ({ ts: t, value: batch.values[i] })),
        },
      ];
    case 'status':
      return [
        {
          suffix: events,
          kind: 'text',
          unit: '',
          points: Array.from(ts, (t, i) => ({
            ts: t,
            value: `status 0x${batch.values[i].toString(16).padStart(8, '0')}`,
          })),
        },
      ];
    default:
      return [];
  }
}
