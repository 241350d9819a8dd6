import { osfImportCommand, osfInspectCommand } from '../osf/cli';
import { options, UsageError, withWorkspace, type Command } from './args';

export const osfCommand: Command = {
  help: `Usage:
  tributary osf inspect FILE      header, channels (unit, type, count, first/last time, min/max), warnings
  tributary osf import FILE...    each channel becomes the stream osf/<file name>/<channel name>
Reads OSF4 and OSF5 logger files, plain (.osf) or compressed (.osfz); importing a file twice changes nothing.`,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    const { positionals } = options(rest, {}, true);
    if (sub === 'inspect') {
      if (positionals.length !== 1) throw new UsageError('osf inspect takes one FILE.');
      await osfInspectCommand(positionals[0], ctx.out);
      return 0;
    }
    if (sub === 'import') {
      if (positionals.length === 0) throw new UsageError('osf import needs at least one FILE.');
      return withWorkspace(ctx, async (ws) => {
        await osfImportCommand(ws.db, positionals, ctx.out);
        ws.events.emit('store:changed', { reason: 'osf import' });
        return 0;
      });
    }
    throw new UsageError(sub ? `Unknown osf command "${sub}".` : 'osf needs a sub-command: inspect or import.');
  },
};
