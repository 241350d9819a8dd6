import { parseArgs, type ParseArgsConfig } from 'node:util';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
import { defaultDataDir, openWorkspace, type Workspace } from '../workspace';

import { t } from './i18n';

export class UsageError extends Error {}

export interface CommandContext {
  dataDir?: string;
  verbose: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Progress is drawn only on a terminal; elsewhere one summary line. */
  isTTY: boolean;
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
