const plural = new Intl.PluralRules('en');
/** `1 hour`, `3 hours`: the unit follows the language's plural rules. */
const count = (n: number, one: string, other: string) => `${n} ${plural.select(n) === 'one' ? one : other}`;

/** A schedule in words: `only when I ask`, `every 15 minutes`, `every hour`, `every 3 hours`. */
export function scheduleText(minutes: number): string {
  if (minutes === 0) return 'only when I ask';
  if (minutes === 60) return 'every hour';
  return minutes < 60
    ? `every ${count(minutes, 'minute', 'minutes')}`
    : `every ${count(minutes / 60, 'hour', 'hours')}`;
}
