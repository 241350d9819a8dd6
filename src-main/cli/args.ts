import { parseArgs } from 'node:util';
import { defaultDataDir, openWorkspace, type Workspace } from '../api/workspace';

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
export function options<T extends Parameters<typeof parseArgs>[0]['options']>(args: string[], spec: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
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

