import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Reader } from '../api/context';
import { createHandlers, savedLanguage } from '../api/handlers';
import { createDemoService, hasDemoAccounts, type DemoService } from '../demo';
import { createSyncScheduler } from '../sync/scheduler';
import { newLaunchToken, startWebServer, type WebServer } from '../api/web';
import { createDownloadTickets } from '../api/transfers';
import { importsFolder } from '../api/osf-handlers';
import { defaultDataDir, openWorkspace } from '../workspace';
import { options, UsageError, type Command, type CommandContext } from './args';
import { stopOnSignal } from './stop';
import { version } from '../../package.json';
import { failureText, t } from './i18n';

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

/**
 * Starts browser mode and serves until SIGTERM or Ctrl-C. With `openDemo` (`tributary demo`), the demo
 * is opened first and its failure ends the command; otherwise demo accounts are brought back if any.
 */
export async function serve(
  ctx: CommandContext,
  port: number | undefined,
  open: boolean,
  openDemo = false,
): Promise<number> {
  const stop = stopOnSignal();
  const ws = openWorkspace(ctx.dataDir ?? defaultDataDir());
  stop.onOverrun(() => ws.close());
  const scheduler = createSyncScheduler(ws, { scheduled: true });
  const demo = createDemoService(ws, (ids) => void scheduler.start(ids));
  let web: WebServer | null = null;
  try {
    const token = newLaunchToken();
    const tickets = createDownloadTickets(token);
    // The page reports the language it shows once it loads (`ui:language`).
    const reader: Reader = { language: savedLanguage(ws) ?? 'en' };
    const handlers = createHandlers({ ws, mode: 'browser', version, reader, scheduler, demo, tickets });
    const uploads = { dir: importsFolder(ws.dataDir) };
    web = await startWebServer({
      handlers,
      events: ws.events,
      rendererDir,
      port,
      token,
      tickets,
      uploads,
      language: () => reader.language,
    });
    ctx.out(t('serve.running', { url: web.url }));
    if (open) openBrowser(web.url);
    // Demo accounts point at simulators that died with the last process: bring them back.
    if (openDemo || hasDemoAccounts(ws)) await Promise.race([reopenDemo(demo, openDemo, ctx), stop.stopped]);
    await stop.stopped;
    return 0;
  } finally {
    await scheduler.stop();
    await demo.close();
    await web?.close();
    ws.close();
    stop.dispose();
  }
}

/** A demo that cannot start ends `tributary demo`; under `serve` it is one line, and the rest keeps serving. */
async function reopenDemo(demo: DemoService, required: boolean, ctx: CommandContext): Promise<void> {
  try {
    await demo.open();
  } catch (err) {
    if (required) throw err;
    ctx.err(t('serve.demoNotReopened', { message: failureText(err) }));
  }
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
