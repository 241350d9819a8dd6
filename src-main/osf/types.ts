import { UserError, type MessageKey, type MessageValues } from '../model';

/** Shapes of an OSF (optiMEAS Streaming Format) file as the reader sees it. */

export type OsfErrorCode = 'not-osf' | 'unsupported-version' | 'bad-header';

/** A file the reader refuses: not OSF at all, an OSF version it does not read, or a broken header. */
export class OsfError extends UserError {
  constructor(
    readonly code: OsfErrorCode,
    key: MessageKey,
    values?: MessageValues,
  ) {
    super(key, values);
    this.name = 'OsfError';
  }
}

/** Sample layouts the reader decodes; any other datatype's data blocks are skipped with a warning. */
export type OsfDatatype =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float'
  | 'double'
  | 'string'
  | 'gpslocation';

export interface OsfChannel {
  index: number;
  name: string;
  /** As written in the file (`float`, `gpslocation`, or an application-specific name). */
  datatype: string;
  /** `physicalunit`, trimmed (real files write e.g. `" dBm"`). */
  unit: string;
  /** Width of each block's length field: 2 (uint16) or 4 (uint32). */
  sizeOfLength: 2 | 4;
  /** Fixed sample spacing of an equidistant channel; 0n for a time-stamped one. */
  timeIncrementNs: bigint;
  /** physical = scale * stored + offset, for integer datatypes only. */
  scale: number;
  offset: number;
  /** Every attribute of the channel as written. */
  attributes: Record<string, string>;
}

export interface OsfInfo {
  name: string;
  datatype: string;
  value: string;
  unit: string;
}

export interface OsfHeader {
  /** First word of the magic line: `OSF4`, `OSF5`, `OCEAN_STREAM_FORMAT4`, ... */
  magic: string;
  version: 4 | 5;
  metadataFormat: 'xml' | 'json';
  /** XML root element (`osf` or `optimeas`); `json` for JSON metadata. */
  root: string;
  creator: string;
  createdUtc: string;
  tag: string;
  /** Separator of the hierarchy in channel names (default `.`). */
  namespaceSeparator: string;
  /** Every attribute of the root as written (creator, created_utc, reason, total_seq_no, ...). */
  attributes: Record<string, string>;
  channels: OsfChannel[];
  infos: OsfInfo[];
  /** Byte offset (in the uncompressed stream) where the binary blocks begin. */
  dataOffset: number;
}

interface BatchBase {
  channel: OsfChannel;
  /** Times in nanoseconds since the epoch, UTC, exactly as decoded. */
  tsNs: BigInt64Array;
  /** The same times in microseconds (floor), the store's unit. */
  ts: Float64Array;
}

/**
 * A run of one channel's samples or events, in file order. `text` carries string channels' values
 * (real devices write them as message events); `gps` holds latitude, longitude, altitude per sample
 * (3 values each); `status` status words and `message` texts of events on non-string channels;
 * `trusted` times up to which the previous value held; `realign` time-base shifts in ns (values).
 */
export type SampleBatch =
  | (BatchBase & { kind: 'number' | 'gps' | 'status' | 'realign' | 'trusted'; values: Float64Array })
  | (BatchBase & { kind: 'text' | 'message'; values: string[] });

export type BatchKind = SampleBatch['kind'];

/** Block 0xFFFF at the end of a finished file: statistics per channel. */
export interface OsfTrailer {
  attributes: Record<string, string>;
  channels: Record<string, string>[];
}

/** A control-0 block on a channel: a metadata text (XML or JSON) that updates the channel. */
export interface OsfMetadataUpdate {
  channel: number;
  text: string;
}
