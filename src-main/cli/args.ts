import { stat } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../model';
import { parseIsoMicros } from '../model/iso-time';
import { defaultDataDir, openWorkspace, type Workspace } from '../workspace';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

import { t } from './i18n';

export class UsageError extends Error {}

export interface CommandContext {
  dataDir?: string;
  verbose: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress is drawn only on a terminal; elsewhere one summary line. */
  isTTY: boolean;
  /** All of standard input as text (`--secret-stdin`); the CLI reads the process's, tests give their own. */
  readStdin?: () => Promise<string>;
}

export interface Command {
  help: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}

/** Parses a command's options; unknown options or missing values are usage errors (exit 2). */
export function options<const T extends OptionSpec>(args: string[], spec: T, takesPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (!takesPositionals && parsed.positionals.length > 0)
    throw new UsageError(t('unexpectedArgument', { arg: parsed.positionals[0] }));
  return parsed;
}

/** Opens the workspace for one command and closes it after, whatever happens. */
export async function withWorkspace<T>(ctx: CommandContext, run: (ws: Workspace) => Promise<T> | T): Promise<T> {
  const ws = openWorkspace(ctx.dataDir ?? defaultDataDir());
  try {
    return await run(ws);
  } finally {
    ws.close();
  }
}

/** One ISO 8601 date or date-time option (`--from`, `--to`) → µs; a real calendar time or a usage error. */
export function timeOption(text: string, flag: string): number {
  const us = parseIsoMicros(text);
  if (us === null) throw new UsageError(t('args.isoTime', { flag, text }));
  return us;
}

/** `--from` (inclusive) and `--to` (exclusive) as every command reads them: one wording for all. */
export function timeRange(values: { from?: string; to?: string }): { from?: number; to?: number } {
  const from = values.from === undefined ? undefined : timeOption(values.from, '--from');
  const to = values.to === undefined ? undefined : timeOption(values.to, '--to');
  if (from !== undefined && to !== undefined && to <= from)
    throw new UsageError(t('args.toAfterFrom', { to: values.to ?? '', from: values.from ?? '' }));
  return { from, to };
}

/** A file the user named must exist and be a file; one line says which and why not (exit 1). */
export async function existingFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new UserError('files.noSuchFile', { path });
  if (!info.isFile()) throw new UserError('files.isFolder', { path });
  return path;
}
