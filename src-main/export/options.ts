/**
 * What an export writes, as one zod schema shared by the API contract, the CLI and the writers.
 * No Node imports here: the renderer's types come from this file through the contract.
 */
import { z } from 'zod';
import { aggregates, exportFormats, type ExportFormat } from '../model';

/** 'UTC' writes `Z`; 'local' is this computer's zone; otherwise an IANA name such as Europe/Berlin. */
const TimeZone = z.string().refine(
  (zone) => {
    if (zone === 'UTC' || zone === 'local') return true;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "timeZone must be 'UTC', 'local' or an IANA time zone name such as Europe/Berlin" },
);

/** The fields, unrefined, so the API contract can drop `out` (the app chooses the file there). */
export const ExportOptionsFields = z.object({
  format: z.enum(exportFormats),
  /** Destination file; written as `<out>.part-<random>` beside it and renamed when complete. */
  out: z.string().min(1),
  /** long: one row per point (DESIGN.md contract). wide: one column per stream, rows aligned on time (CSV only). */
  layout: z.enum(['long', 'wide']).default('long'),
  /** Stream keys or globs (`*` any run of characters, `/` included; `?` one character). Empty: every stream. */
  streams: z.array(z.string().min(1)).default([]),
  /** Microseconds since the epoch, UTC; from inclusive, to exclusive. */
  from: z.number().int().optional(),
  to: z.number().int().optional(),
  /** Time zone of the ts text (CSV, JSON Lines, xlsx); Parquet holds typed UTC instants. */
  timeZone: TimeZone.default('UTC'),
  /** One value per stream per `interval` µs bucket (buckets aligned on the UTC epoch). */
  resample: z.object({ interval: z.number().int().positive(), aggregate: z.enum(aggregates) }).optional(),
  /**
   * Buckets or cells without data. omit: no row (long), no row where every stream is empty (wide).
   * empty: the row is written with an empty value (null in JSON/Parquet/xlsx). mark: the text `gap` (CSV only).
   */
  gaps: z.enum(['omit', 'empty', 'mark']).default('omit'),
  csv: z
    .object({
      delimiter: z.enum([',', ';', '\t', '|']).default(','),
      decimalSeparator: z.enum(['.', ',']).default('.'),
      /** A UTF-8 byte order mark, which Excel needs to read the file as UTF-8. */
      bom: z.boolean().default(false),
      /** Prefix `'` to text cells starting with = + - @ TAB CR, so spreadsheets do not run them as formulas. */
      protectFormulas: z.boolean().default(false),
    })
    .prefault({}),
});

/** Rules across fields, shared by `ExportOptions` and the API's `export:run` input. */
export function checkExportOptions(o: Omit<z.output<typeof ExportOptionsFields>, 'out'>, ctx: z.RefinementCtx): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (o.from !== undefined && o.to !== undefined && o.from >= o.to) issue('to', 'to must be after from');
  if (o.layout === 'wide' && o.format !== 'csv') issue('layout', 'the wide layout is written as CSV only');
  if (o.gaps === 'mark' && o.format !== 'csv') issue('gaps', "gaps: 'mark' writes text, so it is for CSV only");
  if (o.format === 'parquet' && o.timeZone !== 'UTC')
    issue('timeZone', 'Parquet holds UTC instants; convert when reading');
  if (o.csv.decimalSeparator === ',' && o.csv.delimiter === ',') {
    issue('csv', "a ',' decimal separator needs another field delimiter, such as ';'");
  }
}

export const ExportOptions = ExportOptionsFields.superRefine(checkExportOptions);

export type ExportOptions = z.output<typeof ExportOptions>;
export type ExportOptionsInput = z.input<typeof ExportOptions>;
export { exportFormats, type ExportFormat };

export interface ExportProgress {
  /** Data rows written so far (header not counted). */
  rows: number;
  /** Rows the export will write, counted before it starts. */
  totalRows: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  etaSeconds: number | null;
}

export interface ExportResult {
  rows: number;
  file: string;
}
