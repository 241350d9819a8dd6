import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createHandlers } from '../api/handlers';
import { createDemoService, hasDemoAccounts } from '../demo';
import { createSyncScheduler } from '../sync/scheduler';
import { startWebServer } from '../api/web';
import { createDownloadTickets } from '../api/transfers';
import { importsFolder } from '../api/osf-handlers';
import { defaultDataDir, openWorkspace } from '../workspace';
import { options, UsageError, type Command, type CommandContext } from './args';
import { version } from '../../package.json';
import { t } from './i18n';

/** The built renderer beside the built main (out/main → out/renderer). */
export const rendererDir = join(__dirname, '../renderer');

/** Opens the system browser, if there is one; failing that, the printed URL is enough. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser launcher: the URL on stdout is how to open it.
  }
}

/** Starts browser mode and serves until SIGTERM or Ctrl-C. */
export async function serve(ctx: CommandContext, port: number | undefined, open: boolean): Promise<number> {
  const ws = openWorkspace(ctx.dataDir ?? defaultDataDir());
  const scheduler = createSyncScheduler(ws);
  const demo = createDemoService(ws, (ids) => void scheduler.start(ids));
  const tickets = createDownloadTickets();
  const handlers = createHandlers({ ws, mode: 'browser', version, scheduler, demo, tickets });
  const uploads = { dir: importsFolder(ws.dataDir) };
  const web = await startWebServer({ handlers, events: ws.events, rendererDir, port, tickets, uploads });
  ctx.out(t('serve.running', { url: web.url }));
  if (open) openBrowser(web.url);
  // Demo accounts point at simulators that died with the last process: bring them back.
  if (hasDemoAccounts(ws)) await demo.open();
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  scheduler.stop();
  await demo.close();
  await web.close();
  ws.close();
  return 0;
}

export const serveCommand: Command = {
  get help() {
    return t('serve.help');
  },
  async run(args, ctx) {
    const { values } = options(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } });
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
      throw new UsageError(t('serve.port'));
    return serve(ctx, port, !values['no-open']);
  },
};
