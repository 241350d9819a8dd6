/**
 * The sandboxed preload (DESIGN.md convention 6): no npm package, only the contract's two verbs, and
 * the paths of files dropped on the window (which only a preload can read).
 * Main checks the channel, the input and the sender; this file only carries messages.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { DesktopFiles, EventName, Events, IpcChannel, TributaryApi } from './api/contract';

const INVOKE: IpcChannel = 'tributary:invoke';
const EVENT: IpcChannel = 'tributary:event';
const DROPPED: IpcChannel = 'desktop:dropped';

const api = {
  invoke: (channel, input) => ipcRenderer.invoke(INVOKE, channel, input),
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const forward = (_e: IpcRendererEvent, name: EventName, payload: Events[E]) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT, forward);
    return () => void ipcRenderer.removeListener(EVENT, forward);
  },
} satisfies TributaryApi;

const desktopFiles = {
  // A File the page built itself has no path (''): it is dropped here, so a page cannot name a path.
  openDropped: (files) =>
    ipcRenderer.invoke(
      DROPPED,
      files.map((f) => webUtils.getPathForFile(f)).filter((p) => p !== ''),
    ) as Promise<string[]>,
} satisfies DesktopFiles;

contextBridge.exposeInMainWorld('tributary', api);
contextBridge.exposeInMainWorld('tributaryDesktop', desktopFiles);
