/**
 * The sandboxed preload (DESIGN.md convention 6): no npm package, only the contract's two verbs.
 * Main checks the channel, the input and the sender; this file only carries messages.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, Events, TributaryApi } from './api/contract';

const api = {
  invoke: (channel, input) => ipcRenderer.invoke('tributary:invoke', channel, input),
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
    const forward = (_e: IpcRendererEvent, name: EventName, payload: Events[E]) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on('tributary:event', forward);
    return () => void ipcRenderer.removeListener('tributary:event', forward);
  },
} satisfies TributaryApi;

contextBridge.exposeInMainWorld('tributary', api);
