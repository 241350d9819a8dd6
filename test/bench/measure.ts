import { readFileSync } from 'node:fs';

/** Peak resident set size of this process so far, MB (Linux VmHWM; RSS elsewhere). */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // Not Linux.
  }
  return process.memoryUsage().rss / 1048576;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function report(name: string, figures: Record<string, string | number>): void {
  console.log(`\n## ${name}`);
  for (const [k, v] of Object.entries(figures))
    console.log(`  ${k.padEnd(34)} ${typeof v === 'number' ? fmt(v, 2) : v}`);
}
