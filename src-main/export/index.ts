/**
 * Streaming exports from the local store: rows flow from SQLite iterators through a writer into a
 * temporary file that becomes the output only when complete. Nothing holds the export in memory.
 */
import type { Db } from '../store/db';
import { openExportReader, streamsInExportOrder } from '../store/export-queries';
import { longCsvWriter, wideCsvWriter } from './csv';
import { jsonLinesWriter } from './jsonl';
import {
  ExportOptions,
  type ExportFormat,
  type ExportOptionsInput,
  type ExportProgress,
  type ExportResult,
} from './options';
import { parquetWriter } from './parquet';
import { ProgressMeter } from './progress';
import { planLongRows, planWideRows } from './rows';
import { selectStreams, type ExportStream } from './select';
import { AtomicFile } from './sink';
import { timestampFormatter } from './time-text';
import type { LongRowWriter, WriterSetup } from './writer';
import { xlsxWriter } from './xlsx';

export interface ExportHooks {
  onProgress?: (progress: ExportProgress) => void;
  /** Cancels the export; the output file is then left as it was (no partial file). */
  signal?: AbortSignal;
}

const longWriters: Record<ExportFormat, (setup: WriterSetup) => LongRowWriter> = {
  csv: longCsvWriter,
  json: jsonLinesWriter,
  parquet: parquetWriter,
  xlsx: xlsxWriter,
};

/** Called after every batch of rows: output reaches the file, cancel is noticed, progress is told. */
type Checkpoint = (rowsInBatch: number, drain: () => Promise<void>) => Promise<void>;

/** How to count the rows an export will write (for progress) and how to write them. */
interface ExportPlan {
  countRows(): number;
  write(setup: WriterSetup, checkpoint: Checkpoint): Promise<void>;
}

function planExport(reader: Db, streams: readonly ExportStream[], options: ExportOptions): ExportPlan {
  if (options.layout === 'wide') {
    const wide = planWideRows(reader, streams, options);
    return {
      countRows: wide.countRows,
      async write(setup, checkpoint) {
        const writer = wideCsvWriter(setup);
        for (const batch of wide.batches()) {
          for (const [ts, cells] of batch) writer.row(ts, cells);
          await checkpoint(batch.length, writer.drain);
        }
        await writer.finish();
      },
    };
  }
  const long = planLongRows(reader, streams, options);
  return {
    countRows: long.countRows,
    async write(setup, checkpoint) {
      const writer = longWriters[options.format](setup);
      for (const stream of streams) {
        writer.startStream(stream);
        for (const batch of long.batchesOf(stream)) {
          for (const [ts, value] of batch) writer.row(ts, value);
          await checkpoint(batch.length, writer.drain);
        }
      }
      await writer.finish();
    },
  };
}

/**
 * Writes the selected points to `options.out`. Reads from a snapshot (a second, read-only connection)
 * so syncs can keep writing meanwhile; on error or cancel no file is left behind.
 */
export async function exportPoints(db: Db, input: ExportOptionsInput, hooks: ExportHooks = {}): Promise<ExportResult> {
  const options = ExportOptions.parse(input);
  hooks.signal?.throwIfAborted();
  const { reader, close } = openExportReader(db);
  try {
    const streams = selectStreams(streamsInExportOrder(reader), options.streams);
    const plan = planExport(reader, streams, options);
    const meter = hooks.onProgress ? new ProgressMeter(plan.countRows(), hooks.onProgress) : null;
    const file = await AtomicFile.create(options.out);
    let rows = 0;
    const checkpoint: Checkpoint = async (rowsInBatch, drain) => {
      rows += rowsInBatch;
      await drain();
      hooks.signal?.throwIfAborted();
      meter?.update(rows);
    };
    try {
      await plan.write({ file, options, streams, formatTs: timestampFormatter(options.timeZone) }, checkpoint);
      hooks.signal?.throwIfAborted();
      await file.commit();
    } catch (err) {
      await file.discard();
      throw err;
    }
    meter?.update(rows, true);
    return { rows, file: options.out };
  } finally {
    close();
  }
}

export { ExportOptions, type ExportOptionsInput, type ExportProgress, type ExportResult } from './options';
