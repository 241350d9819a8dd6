import { plainNumber } from './number-text';
import type { ExportOptions } from './options';
import { GAP, type Cell } from './rows';
import type { ExportStream } from './select';
import { TextChunks } from './sink';
import { LONG_COLUMNS, type LongRowWriter, type WriterSetup } from './writer';

const FORMULA_START = /^[=+\-@\t\r]/;

/** CSV cell text: RFC 4180 quoting for the chosen delimiter, decimal separator, formula protection. */
export class CsvCells {
  private readonly needsQuotes: RegExp;
  private readonly decimalComma: boolean;
  private readonly protectFormulas: boolean;
  private readonly gapText: string;
  readonly delimiter: string;

  constructor(options: ExportOptions) {
    this.delimiter = options.csv.delimiter;
    // Every allowed delimiter (, ; TAB |) is literal inside a character class.
    this.needsQuotes = new RegExp(`["\\r\\n${this.delimiter}]`);
    this.decimalComma = options.csv.decimalSeparator === ',';
    this.protectFormulas = options.csv.protectFormulas;
    this.gapText = options.gaps === 'mark' ? 'gap' : '';
  }

  text(value: string): string {
    const text = this.protectFormulas && FORMULA_START.test(value) ? `'${value}` : value;
    return this.needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  cell(value: Cell): string {
    if (typeof value === 'number') {
      const text = plainNumber(value);
      return this.decimalComma ? text.replace('.', ',') : text;
    }
    if (typeof value === 'string') return this.text(value);
    return value === GAP ? this.gapText : '';
  }

  line(cells: readonly string[]): string {
    return `${cells.join(this.delimiter)}\n`;
  }
}

const bom = (options: ExportOptions) => (options.csv.bom ? '\uFEFF' : '');

/** DESIGN.md long CSV: `vendor,stream,ts,value`, one row per point, LF line ends. */
export function longCsvWriter({ file, options, formatTs }: WriterSetup): LongRowWriter {
  const cells = new CsvCells(options);
  const d = cells.delimiter;
  const out = new TextChunks(file);
  out.add(bom(options) + cells.line(LONG_COLUMNS.map((c) => cells.text(c))));
  let prefix = '';
  return {
    startStream(stream) {
      prefix = cells.text(stream.vendor) + d + cells.text(stream.keyInVendor) + d;
    },
    row(ts, value) {
      out.add(`${prefix}${formatTs(ts)}${d}${cells.cell(value)}\n`);
    },
    drain: () => out.drain(),
    finish: () => out.drain(true),
  };
}

/** Header label of a wide column: the stream key, with its unit in brackets when it has one. */
export const wideColumnLabel = (s: ExportStream) => (s.unit ? `${s.key} [${s.unit}]` : s.key);

/** Wide CSV: `ts` then one column per stream; a row per distinct time (or bucket). */
export function wideCsvWriter({ file, options, streams, formatTs }: WriterSetup) {
  const cells = new CsvCells(options);
  const out = new TextChunks(file);
  out.add(bom(options) + cells.line(['ts', ...streams.map((s) => cells.text(wideColumnLabel(s)))]));
  return {
    row(ts: number, values: readonly Cell[]) {
      let line = formatTs(ts);
      for (const value of values) line += cells.delimiter + cells.cell(value);
      out.add(`${line}\n`);
    },
    drain: () => out.drain(),
    finish: () => out.drain(true),
  };
}
