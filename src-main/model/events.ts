/**
 * What main pushes to its views as events, each once: the payloads every layer shares (services emit
 * them through the workspace's bus, the contract carries them to the renderer). Types only.
 */
import type { ExportFormat, RunState } from './index';
import type { Message } from './messages';

export interface SyncProgress {
  accountId: string;
  accountName: string;
  state: 'discovering' | 'running' | 'throttled' | 'offline' | RunState;
  feedsDone: number;
  feedsTotal: number;
  pointsAdded: number;
  pages: number;
  /** Points per second over the run so far. */
  rate: number;
  throttledUntil: number | null;
  /** Why it is throttled, or how it ended; rendered for the reader where it is sent (`Spoken`). */
  message: Message | null;
}

export type ItemState = 'queued' | 'downloading' | 'downloaded' | 'failed' | 'cancelled';

export interface DownloadItem {
  fileId: number;
  name: string;
  state: ItemState;
  /** Bytes of this file (or of the ZIP batch it travels in) received so far. */
  bytes: number;
  size: number | null;
  error: Message | null;
}

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  /** Seconds left at the current speed, when sizes are known. */
  eta: number | null;
  items: DownloadItem[];
}

/** How an account's background download (its rounds of `downloadFiles`) stands, as its progress events say. */
export type DownloadJobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ExportRecord {
  id: string;
  name: string;
  path: string;
  format: ExportFormat;
  rows: number;
  /** Bytes. */
  size: number;
  /** ms since the epoch. */
  finishedAt: number;
}

export interface ExportJobProgress {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  rows: number;
  totalRows: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  error: string | null;
  /** Set once the export is done. */
  file: ExportRecord | null;
}

/** The download queue's progress, pushed per account with how its job stands. */
export type FilesProgress = DownloadProgress & {
  accountId: string;
  state: DownloadJobState;
  message: Message | null;
};

/** A sync's progress as pushed to the renderer: discovery shows as running, without the engine's rates. */
export type SyncProgressEvent = Omit<SyncProgress, 'accountName' | 'pages' | 'rate' | 'state'> & {
  state: Exclude<SyncProgress['state'], 'discovering'>;
};

const event = <Payload>() => undefined as unknown as Payload;

/** The push events, each once: name → payload type (the values exist only for their types). */
const events = {
  /** Something in the store changed (sync landed points, an account was added): refresh views. */
  'store:changed': event<{ reason: string }>(),
  'sync:progress': event<SyncProgressEvent>(),
  /** A download job's progress: per file and in total (files section). */
  'files:progress': event<FilesProgress>(),
  'export:progress': event<ExportJobProgress>(),
};
/** The payloads as services emit them: their texts are messages. */
export type Events = typeof events;
export type EventName = keyof Events;

/** A payload as its reader gets it: each message in their language (api/spoken-events.ts renders it). */
export type Spoken<T> = {
  [K in keyof T]: T[K] extends Message | null ? string | null : T[K] extends (infer I)[] ? Spoken<I>[] : T[K];
};
/** The push events as the transports send them. */
export type SpokenEvents = { [E in EventName]: Spoken<Events[E]> };

export const eventNames = Object.keys(events) as EventName[];
