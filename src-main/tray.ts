/**
 * The tray icon: the sync state in its tooltip and menu, and a way back to the window when it is
 * closed to the tray. Its words come from tray-state.ts.
 */
import { Menu, nativeImage, Tray } from 'electron';
import { say } from './model';
import type { Language } from './model/language';
import { trayText, type TrayState } from './tray-state';

export interface SyncTray {
  update(state: TrayState): void;
  destroy(): void;
}

export interface SyncTrayActions {
  open(): void;
  syncNow(): void;
  quit(): void;
}

export function createSyncTray(iconPath: string, actions: SyncTrayActions, language: () => Language): SyncTray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.on('click', actions.open);
  let shown: string | null = null;
  const update = (state: TrayState) => {
    const lang = language();
    const text = trayText(state, lang);
    // Progress events come by the page: rebuild the menu only when its words change.
    if (text === shown) return;
    shown = text;
    tray.setToolTip(text);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: text, enabled: false },
        { type: 'separator' },
        { label: say({ key: 'tray.open' }, lang), click: actions.open },
        {
          label: say({ key: 'tray.syncNow' }, lang),
          click: actions.syncNow,
          enabled: state.running.length === 0 && !state.heldBy,
        },
        { type: 'separator' },
        { label: say({ key: 'tray.quit' }, lang), click: actions.quit },
      ]),
    );
  };
  return { update, destroy: () => tray.destroy() };
}
