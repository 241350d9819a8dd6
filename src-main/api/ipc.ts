/**
 * The desktop transport: Electron IPC between the preload and main. Every call is checked for its
 * sender (our own renderer page only), then for its channel and input by the contract's dispatch.
 */
import { realpath } from 'node:fs/promises';
import type { IpcMain, WebContents } from 'electron';
import type { EventBus } from '../workspace/events';
import type { Handlers } from './context';
import { desktopChannels, type IpcChannel, type Result } from './contract';
import { dispatch } from './dispatch';
import { spokenEvent } from './spoken-events';
import type { Language } from '../model/language';

/** Only our own renderer page (any in-page route after `#`) may call the API: no query, no other file. */
export function isTrustedSender(frameUrl: string | null | undefined, rendererUrl: string): boolean {
  if (typeof frameUrl !== 'string') return false;
  return frameUrl === rendererUrl || frameUrl.startsWith(`${rendererUrl}#`);
}

/** The IPC entry: checks the sender and the channel's type, then hands over to the contract's dispatch. */
export function guardInvoke(
  frameUrl: string | null | undefined,
  rendererUrl: string,
  channel: unknown,
  run: (channel: string) => Promise<Result<unknown>>,
): Promise<Result<unknown>> | Result<unknown> {
  if (!isTrustedSender(frameUrl, rendererUrl)) return { ok: false, error: 'Untrusted sender.' };
  if (typeof channel !== 'string') return { ok: false, error: 'Invalid channel.' };
  return run(channel);
}

/**
 * Desktop: the paths of files dropped on the window (the preload read them from the File objects),
 * granted for this session by real path. Paths that do not resolve are left out, not trusted.
 */
export async function grantDropped(granted: Set<string>, input: unknown): Promise<string[]> {
  const paths = desktopChannels['desktop:dropped'].input.parse(input);
  const real = (await Promise.all(paths.map((p) => realpath(p).catch(() => null)))).filter(
    (p): p is string => p !== null,
  );
  for (const p of real) granted.add(p);
  return real;
}

export interface IpcWiring {
  handlers: Handlers;
  events: EventBus;
  /** Files granted this session (drops and the open dialog); the handlers share the set. */
  granted: Set<string>;
  rendererUrl: string;
  /** The reader's language, for failures and the texts of events. */
  language: () => Language;
  /** The window's contents, once there is a window. */
  target: () => WebContents | undefined;
}

/** Serves the contract's calls and the desktop channels, and forwards every event to the window. */
export function wireIpc(ipcMain: IpcMain, w: IpcWiring): void {
  const handle = (channel: IpcChannel, listener: Parameters<IpcMain['handle']>[1]) => ipcMain.handle(channel, listener);
  handle('tributary:invoke', (event, channel: unknown, input: unknown) =>
    guardInvoke(event.senderFrame?.url, w.rendererUrl, channel, (c) => dispatch(w.handlers, c, input, w.language())),
  );
  handle('desktop:dropped', (event, paths: unknown) =>
    isTrustedSender(event.senderFrame?.url, w.rendererUrl) ? grantDropped(w.granted, paths) : [],
  );
  const forward: IpcChannel = 'tributary:event';
  w.events.onAny((name, payload) => w.target()?.send(forward, name, spokenEvent(name, payload, w.language())));
}
