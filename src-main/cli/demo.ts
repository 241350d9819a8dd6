import { join } from 'node:path';
import { defaultDataDir } from '../workspace';
import { options, type Command } from './args';
import { serve } from './serve';

export const demoCommand: Command = {
  help: `Usage: tributary demo [--port N] [--no-open]
Starts the vendor simulators on 127.0.0.1, adds one account per vendor, syncs them and serves the app in
browser mode. The demo has its own workspace (the user-data folder's "demo" folder) unless --data-dir is given.`,
  async run(args, ctx) {
    const { values } = options(args, { port: { type: 'string' }, 'no-open': { type: 'boolean' } });
    const dataDir = ctx.dataDir ?? join(defaultDataDir(), 'demo');
    // serve() starts the simulators, adds (or re-points) the demo accounts and syncs them in the background.
    return serve(
      { ...ctx, dataDir },
      values.port === undefined ? undefined : Number(values.port),
      !values['no-open'],
      true,
    );
  },
};
