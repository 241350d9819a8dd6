/**
 * `tributary export ...` (DESIGN.md "CLI contract"): flags → ExportOptions → exportPoints.
 * The CLI entry parses argv with `exportFlags` (node:util parseArgs) and hands the values here.
 */
import { exportPoints, type ExportHooks } from '../export';
import { ExportOptions, type ExportProgress, type ExportResult } from '../export/options';
import type { Db } from '../store/db';
import { options, timeRange, UsageError, withWorkspace, type Command } from './args';
import { n, t } from './i18n';

export const exportFlags = {
  format: { type: 'string' },
  out: { type: 'string' },
  stream: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  layout: { type: 'string' },
  'time-zone': { type: 'string' },
  resample: { type: 'string' },
  aggregate: { type: 'string' },
  gaps: { type: 'string' },
  delimiter: { type: 'string' },
  'decimal-comma': { type: 'boolean' },
  bom: { type: 'boolean' },
  'protect-formulas': { type: 'boolean' },
} as const;

/** Values as node:util parseArgs returns them for `exportFlags`. */
export interface ExportArgs {
  format?: string;
  out?: string;
  stream?: string[];
  from?: string;
  to?: string;
  layout?: string;
  'time-zone'?: string;
  resample?: string;
  aggregate?: string;
  gaps?: string;
  delimiter?: string;
  'decimal-comma'?: boolean;
  bom?: boolean;
  'protect-formulas'?: boolean;
}

const UNIT_MICROS: Record<string, number> = { us: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86400e6 };

/** `15m`, `1h`, `500ms`, `1d` → µs. */
export function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)$/.exec(text.trim());
  const micros = match ? Math.round(Number(match[1]) * UNIT_MICROS[match[2]]) : 0;
  if (micros <= 0) throw new UsageError(t('export.interval', { text }));
  return micros;
}

/** One line for a terminal: rows so far, rate, time left. */
export function progressText(p: ExportProgress): string {
  const eta = p.etaSeconds === null ? '' : `, ${t('export.left', { seconds: Math.ceil(p.etaSeconds) })}`;
  return `${t('export.progress', { rows: n(p.rows), total: n(p.totalRows), rate: n(Math.round(p.rowsPerSecond)) })}${eta}`;
}

function toOptionsInput(args: ExportArgs): unknown {
  if (!args.format) throw new UsageError(t('export.needsFormat'));
  if (!args.out) throw new UsageError(t('export.needsOut'));
  if (args.aggregate && !args.resample) throw new UsageError(t('export.aggregateNeedsResample'));
  return {
    format: args.format,
    out: args.out,
    streams: args.stream ?? [],
    ...timeRange(args),
    layout: args.layout,
    timeZone: args['time-zone'],
    resample: args.resample
      ? { interval: parseInterval(args.resample), aggregate: args.aggregate ?? 'mean' }
      : undefined,
    gaps: args.gaps,
    csv: {
      delimiter: args.delimiter === 'tab' ? '\t' : args.delimiter,
      decimalSeparator: args['decimal-comma'] ? ',' : undefined,
      bom: args.bom,
      protectFormulas: args['protect-formulas'],
    },
  };
}

/**
 * Runs one export and prints one summary line. Bad flags are UsageErrors (exit 2); a failed export
 * (unknown stream, unwritable folder) throws another error (exit 1).
 */
export async function exportToFile(
  db: Db,
  args: ExportArgs,
  out: (line: string) => void,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  const parsed = ExportOptions.safeParse(toOptionsInput(args));
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'options'}: ${i.message}`).join('; '));
  }
  const started = performance.now();
  const result = await exportPoints(db, parsed.data, hooks);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out(t('export.done', { count: result.rows, formatted: n(result.rows), file: result.file, seconds }));
  return result;
}

export const exportCommand: Command = {
  get help() {
    return t('export.help');
  },
  async run(args, ctx) {
    const { values } = options(args, exportFlags);
    return withWorkspace(ctx, async (ws) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        await exportToFile(ws.db, values, ctx.out, {
          signal: controller.signal,
          onProgress: ctx.isTTY ? (p) => process.stderr.write(`\r\x1b[K${progressText(p)}`) : undefined,
        });
        if (ctx.isTTY) process.stderr.write('\r\x1b[K');
        return 0;
      } finally {
        process.off('SIGINT', stop);
      }
    });
  },
};
