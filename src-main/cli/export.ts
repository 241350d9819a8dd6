import { exportCommand as runExport, exportFlags, exportHelp, progressText } from '../export/cli';
import { options, withWorkspace, type Command } from './args';

export const exportCommand: Command = {
  help: exportHelp,
  async run(args, ctx) {
    const { values } = options(args, exportFlags);
    return withWorkspace(ctx, async (ws) => {
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        await runExport(ws.db, values, ctx.out, {
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
