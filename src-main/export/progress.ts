import type { ExportProgress } from './options';

const REPORT_EVERY_MS = 250;

/** Turns a running row count into throttled progress reports with rate and ETA. */
export class ProgressMeter {
  private readonly started: number;
  private lastReport = -Infinity;

  constructor(
    private readonly totalRows: number,
    private readonly report: (p: ExportProgress) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  update(rows: number, final = false): void {
    const now = this.now();
    if (!final && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    const seconds = (now - this.started) / 1000;
    const rowsPerSecond = seconds > 0 ? rows / seconds : 0;
    const left = Math.max(0, this.totalRows - rows);
    this.report({
      rows,
      totalRows: this.totalRows,
      rowsPerSecond,
      etaSeconds: final ? 0 : rowsPerSecond > 0 ? left / rowsPerSecond : null,
    });
  }
}
