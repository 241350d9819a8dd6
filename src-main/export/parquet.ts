import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { plainNumber } from './number-text';
import type { Cell } from './rows';
import type { AtomicFile } from './sink';
import type { LongRowWriter, WriterSetup } from './writer';

/** Rows gathered before a row group is encoded; a group holds what was gathered (a little more). */
const ROW_GROUP_ROWS = 100_000;

/** hyparquet-writer's byte buffer, emptied into the export file after each row group. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly file: AtomicFile) {
    super(1 << 20);
  }

  flush(): Promise<void> {
    const bytes = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return this.file.write(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * The value column is DOUBLE, unless the export holds a text stream (and is not resampled to counts):
 * then it is a UTF-8 string column, numbers written as plain decimal text, so the file keeps exactly
 * the four columns of the contract.
 */
function hasTextValues({ streams, options }: WriterSetup): boolean {
  return streams.some((s) => s.kind === 'text') && options.resample?.aggregate !== 'count';
}

function schema(textValues: boolean): SchemaElement[] {
  return [
    { name: 'root', num_children: 4 },
    { name: 'vendor', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    { name: 'stream', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
    {
      name: 'ts',
      type: 'INT64',
      converted_type: 'TIMESTAMP_MICROS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      repetition_type: 'REQUIRED',
    },
    textValues
      ? { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }
      : { name: 'value', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  ];
}

const numberOrNull = (v: Cell): number | null => (typeof v === 'number' ? v : null);
const textOrNull = (v: Cell): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' ? plainNumber(v) : null;

/**
 * Parquet: vendor, stream (dictionary-encoded strings), ts as TIMESTAMP(MICROS, UTC), value.
 * Rows are gathered into row groups of 100,000, each encoded and written before the next is read.
 */
export function parquetWriter(setup: WriterSetup): LongRowWriter {
  const textValues = hasTextValues(setup);
  const toValue = textValues ? textOrNull : numberOrNull;
  const parquet = new ParquetWriter({
    writer: new FileByteWriter(setup.file),
    schema: schema(textValues),
    createdBy: 'Tributary',
  });
  let vendor = '';
  let stream = '';
  let vendors: string[] = [];
  let streams: string[] = [];
  let times: number[] = [];
  let values: (number | string | null)[] = [];
  const writeGroup = async () => {
    if (times.length === 0) return;
    const columnData: ColumnSource[] = [
      { name: 'vendor', data: vendors },
      { name: 'stream', data: streams },
      { name: 'ts', data: times },
      { name: 'value', data: values },
    ];
    vendors = [];
    streams = [];
    times = [];
    values = [];
    await parquet.write({ columnData, rowGroupSize: columnData[0].data.length });
  };
  return {
    startStream(s) {
      vendor = s.vendor;
      stream = s.keyInVendor;
    },
    row(ts, value) {
      vendors.push(vendor);
      streams.push(stream);
      times.push(ts); // the writer makes the INT64 bigints while encoding
      values.push(toValue(value));
    },
    async drain() {
      if (times.length >= ROW_GROUP_ROWS) await writeGroup();
    },
    async finish() {
      await writeGroup();
      await parquet.finish();
    },
  };
}
