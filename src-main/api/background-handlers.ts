import { accountById } from '../store/catalog';
import { readBackgroundSettings, retentionWarnings, writeBackgroundSettings } from '../sync/background';
import { say, UserError } from '../model';
import type { HandlerContext, Handlers } from './context';

type BackgroundHandlers = Pick<Handlers, 'background:get' | 'background:set' | 'sync:warnings'>;

/** Background sync settings and retention warnings; the desktop applies the settings it owns (login item). */
export function createBackgroundHandlers(ctx: HandlerContext): BackgroundHandlers {
  const { ws } = ctx;
  const view = () => ({ ...readBackgroundSettings(ws.db), desktop: ctx.mode === 'electron' });
  return {
    'background:get': view,
    'background:set': (change) => {
      for (const id of Object.keys(change.accountIntervals ?? {}))
        if (!accountById(ws.db, id)) throw new UserError('accounts.noSuchAccount');
      writeBackgroundSettings(ws.db, change);
      const settings = readBackgroundSettings(ws.db);
      ctx.onBackgroundSettings?.(settings);
      return { ...settings, desktop: ctx.mode === 'electron' };
    },
    'sync:warnings': () =>
      retentionWarnings(ws.db, ws.now()).map((w) => ({ ...w, message: say(w.message, ctx.reader?.language ?? 'en') })),
  };
}
