import { keyInVendor, said, UserError } from '../model';
import type { ExportStreamRow } from '../store/export-queries';

/** A stream as the writers see it. */
export interface ExportStream extends ExportStreamRow {
  /** The key without its `vendor/` prefix: the `stream` column of long exports. */
  keyInVendor: string;
}

/** `*` matches any run of characters (`/` included), `?` one character; everything else is literal. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

function withKeyInVendor(s: ExportStreamRow): ExportStream {
  return { ...s, keyInVendor: keyInVendor(s.key, s.vendor) };
}

/**
 * The streams an export covers, in the order given (export order). No patterns: all of them.
 * A pattern that matches nothing is an error: a mistyped key must not quietly export less.
 */
export function selectStreams(all: readonly ExportStreamRow[], patterns: readonly string[]): ExportStream[] {
  if (patterns.length === 0) return all.map(withKeyInVendor);
  const matchers = patterns.map((pattern) => ({ pattern, regexp: globToRegExp(pattern) }));
  const unmatched = matchers
    .filter((m) => !all.some((s) => m.regexp.test(s.key)))
    .map((m) => said('export.quoted', { text: m.pattern }));
  if (unmatched.length > 0) throw new UserError('export.noStreamMatches', { patterns: unmatched });
  return all.filter((s) => matchers.some((m) => m.regexp.test(s.key))).map(withKeyInVendor);
}
