import { join } from 'node:path';
import { defaultDataDir } from '../workspace';
import { options, type Command } from './args';
import { serve } from './serve';
import { t } from './i18n';

export const demoCommand: Command = {
  get help() {
    return t('demo.help');
  },
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
