import type { Readable } from 'node:stream';
import { openOsf } from './reader';
import type { BatchKind, OsfChannel, OsfHeader, OsfTrailer } from './types';
import type { Compression } from './bytes';

export interface ChannelSummary {
  channel: OsfChannel;
  /** Data samples (number, text or gps kinds). */
  count: number;
  /** Events by kind: status, message, trusted, realign. */
  events: Partial<Record<BatchKind, number>>;
  /** First and last data sample in file order, ns since the epoch. */
  firstNs: bigint | null;
  lastNs: bigint | null;
  /** Over numeric samples (for gps: over all three components). */
  min: number | null;
  max: number | null;
}

export interface OsfInspection {
  header: OsfHeader;
  compression: Compression;
  channels: ChannelSummary[];
  warnings: string[];
  truncated: boolean;
  trailer: OsfTrailer | null;
}

const DATA_KINDS: ReadonlySet<BatchKind> = new Set(['number', 'text', 'gps']);

/** Reads a whole file once and sums it up per channel; memory stays flat. */
export async function inspectOsf(input: string | Readable): Promise<OsfInspection> {
  const osf = await openOsf(input);
  const summaries = new Map<number, ChannelSummary>(
    osf.header.channels.map((channel) => [
      channel.index,
      { channel, count: 0, events: {}, firstNs: null, lastNs: null, min: null, max: null },
    ]),
  );
  for await (const batch of osf.samples()) {
    const s = summaries.get(batch.channel.index);
    const n = batch.ts.length;
    if (!s || n === 0) continue;
    if (!DATA_KINDS.has(batch.kind)) {
      s.events[batch.kind] = (s.events[batch.kind] ?? 0) + n;
      continue;
    }
    s.count += n;
    s.firstNs ??= batch.tsNs[0];
    s.lastNs = batch.tsNs[n - 1];
    if (batch.values instanceof Float64Array) {
      let { min, max } = s;
      for (const v of batch.values) {
        if (Number.isNaN(v)) continue;
        if (min === null || v < min) min = v;
        if (max === null || v > max) max = v;
      }
      s.min = min;
      s.max = max;
    }
  }
  return {
    header: osf.header,
    compression: osf.compression,
    channels: [...summaries.values()],
    warnings: osf.warnings,
    truncated: osf.truncated,
    trailer: osf.trailer,
  };
}
