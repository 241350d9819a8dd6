import type { ExportOptions } from './options';
import type { Cell } from './rows';
import type { ExportStream } from './select';
import type { AtomicFile } from './sink';

/** A writer of the long layout (`vendor, stream, ts, value`): rows arrive grouped by stream. */
export interface LongRowWriter {
  startStream(stream: ExportStream): void;
  /** Synchronous: buffers the row; `drain` lets buffered output reach the file. */
  row(ts: number, value: Cell): void;
  drain(): Promise<void>;
  finish(): Promise<void>;
}

export interface WriterSetup {
  file: AtomicFile;
  options: ExportOptions;
  streams: readonly ExportStream[];
  formatTs: (us: number) => string;
}

export const LONG_COLUMNS = ['vendor', 'stream', 'ts', 'value'] as const;
