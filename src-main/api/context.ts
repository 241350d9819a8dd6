import type { z } from 'zod';
import type { DemoService } from '../demo';
import type { SyncScheduler } from '../sync/scheduler';
import type { Workspace } from '../workspace';
import type { Channel, ChannelReply, channels } from './contract';
import type { DownloadTickets } from './transfers';
import type { BackgroundSettings } from '../sync/background';
import type { Language } from '../model/language';

/**
 * Who reads main's texts (errors, credential states, warnings, notifications), in which language: what
 * the window last reported (`ui:language`), until then the saved setting or the OS's. One per process,
 * shared by the handlers, the transports and the desktop shell.
 */
export interface Reader {
  language: Language;
}

type Handler<C extends Channel> = (
  input: z.output<(typeof channels)[C]['input']>,
) => Promise<ChannelReply<C>> | ChannelReply<C>;
/** One handler per contract channel: it gets the validated input and returns the reply. */
export type Handlers = { [C in Channel]: Handler<C> };

/** What handlers work with: the workspace, the running services, and what the transport offers. */
export interface HandlerContext {
  ws: Workspace;
  mode: 'electron' | 'browser';
  version: string;
  /** The OS's locale where the shell knows it (Electron); browser mode follows the browser's languages. */
  locale?: string;
  /** The reader's language; English when absent (tests). */
  reader?: Reader;
  scheduler: SyncScheduler;
  demo: DemoService;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder); absent in browser mode. */
  revealPath?: (path: string) => void;
  /** Desktop: the native save dialog for a copy of a file; resolves to the destination chosen, or null. */
  saveFileAs?: (suggestedName: string) => Promise<string | null>;
  /** Desktop: the native open dialog for OSF files; resolves to the paths chosen (none when cancelled). */
  chooseFiles?: () => Promise<string[]>;
  /** Files the user handed over this session (open dialog, drops on the desktop window), by real path: opened wherever they are. */
  granted?: Set<string>;
  /** Browser mode: one-time download tickets the web server redeems. */
  tickets?: DownloadTickets;
  /** Desktop: applies background settings the OS holds (start at login) after they change. */
  onBackgroundSettings?: (settings: BackgroundSettings) => void;
}
