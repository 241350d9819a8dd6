import { plainNumber } from './number-text';
import type { Cell } from './rows';
import { TextChunks } from './sink';
import type { LongRowWriter, WriterSetup } from './writer';

/** A JSON value: numbers in plain decimal (valid JSON), non-finite numbers, nulls and gaps as null. */
function jsonValue(value: Cell): string {
  if (typeof value === 'number') return Number.isFinite(value) ? plainNumber(value) : 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  return 'null'; // null value or gap
}

/** JSON Lines: `{"vendor","stream","ts","value"}` per point, the same ts text as CSV. */
export function jsonLinesWriter({ file, formatTs }: WriterSetup): LongRowWriter {
  const out = new TextChunks(file);
  let prefix = '';
  return {
    startStream(stream) {
      prefix = `{"vendor":${JSON.stringify(stream.vendor)},"stream":${JSON.stringify(stream.keyInVendor)},"ts":"`;
    },
    row(ts, value) {
      out.add(`${prefix}${formatTs(ts)}","value":${jsonValue(value)}}\n`);
    },
    drain: () => out.drain(),
    finish: () => out.drain(true),
  };
}
