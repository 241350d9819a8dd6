/**
 * The API contract (DESIGN.md convention 5): every channel once, with the zod schema of its input
 * and the type of its reply, and the push events beside it. Main validates every input against these
 * schemas; the renderer derives its types from here and imports nothing else from main.
 */
import { z } from 'zod';
import type { VendorCapabilities } from '../model/capabilities';
export type { VendorCapabilities, FilesCapability, FileStatusWord, ReportsCapability } from '../model/capabilities';
import { newStreamRules, vendorIds, type FileState, type RunState, type VendorId } from '../model';
import { languages, type Language } from '../model/language';
import type { ExportJobProgress, ExportRecord } from '../export/jobs';
import { checkExportOptions, ExportOptionsFields } from '../export/options';
import type {
  DownloadItem,
  EventName,
  FilesProgress as FilesProgressEmitted,
  Spoken,
  SpokenEvents,
} from '../model/events';
import type { OsfImportResult } from '../osf/import';
import type { StreamOverview, SyncRunRow } from '../store/status';
import type { BackgroundSettings, RetentionWarning } from '../sync/background';
import type { LockHolder } from '../workspace/lock';
import type { CredentialState, VaultStatus } from '../vault/states';

export type { CredentialState, VaultStatus };
import type { DiscoverSummary } from '../sync/discover';
import type { SelectionState } from '../accounts/selection';
import type { CatalogResults } from '../accounts/catalog';
import type { SourceEvent, SourceHealth as SourceHealthKept, StreamRangeView } from '../sources';

// ---- shared shapes -------------------------------------------------------------------------

export const VendorIdSchema = z.enum(vendorIds);
export type { ExportJobProgress, ExportRecord, FileState, RunState, VendorId };
export type { SourceEvent, StreamRangeView };
/** A source with its health, its last failure in the reader's language. */
export type SourceHealth = Omit<SourceHealthKept, 'lastErrorSaid'>;
export type { StaleState } from '../model';

const Id = z.string().min(1).max(100);
/** Microseconds since the epoch, UTC. */
const Micros = z.number().int().min(-62_135_596_800_000_000).max(253_402_300_799_000_000);
const StreamId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export interface VendorInfo {
  id: VendorId;
  label: string;
  defaultBaseUrl: string;
  secretFields: { name: string; label: string; optional?: boolean; secret: boolean }[];
  capabilities: VendorCapabilities;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  dataDir: string;
  vendors: VendorInfo[];
  /** The OS's locale (Electron's `app.getLocale()`); null in browser mode, where the browser's languages count. */
  locale: string | null;
  /** The language chosen in the app, overriding the OS and the browser; null to follow them. */
  language: Language | null;
}

/** A sync run as the renderer sees it: the store's row without the account (the caller asked by account). */
export type SyncRunView = Omit<SyncRunRow, 'accountId' | 'errorSaid'>;

export interface AccountView {
  id: string;
  vendor: VendorId;
  name: string;
  baseUrl: string;
  /** The renderer never sees a secret, only whether there is one and where it is kept (or what is missing). */
  hasSecret: boolean;
  credentials: CredentialState;
  /** The state in words ("credentials in the keychain", "needs the vault password", …). */
  credentialsText: string;
  createdAt: number;
  lastRun: SyncRunView | null;
  /** Removed with its data kept: read-only, never synced. */
  removed: boolean;
  /** Where the first sync of new streams starts (RFC 3339), when set; else the vendor's default. */
  firstSyncFrom: string | null;
}

export interface SourceView {
  id: number;
  accountId: string | null;
  parentId: number | null;
  vendorRef: string;
  name: string;
  timezone: string | null;
  /** ok / late / silent / unknown, for the tree's badge. */
  state: SourceHealth['state'];
}

/** A stream with its status, as the tree lists it. */
export type StreamView = Omit<StreamOverview, 'lastErrorSaid'>;

export interface Tree {
  accounts: AccountView[];
  sources: SourceView[];
  streams: StreamView[];
}

export interface StreamDetails {
  stream: StreamView;
  meta: Record<string, unknown>;
  metaHistory: { validFrom: number; name: string; unit: string; meta: Record<string, unknown> }[];
  gaps: { from: number; to: number; reason: string }[];
  lastValue: number | string | null;
  ranges: StreamRangeView;
}

/** Min/max per pixel bucket, or raw points when zoomed in: typed arrays, not arrays of objects. */
export interface SeriesData {
  streamId: number;
  raw: boolean;
  ts: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Raw points for the table: numbers in `values` (NaN where the point is text), text in `texts`. */
export interface RawPoints {
  streamId: number;
  ts: Float64Array;
  values: Float64Array;
  texts: (string | null)[] | null;
  truncated: boolean;
}

export const TimeZoneSchema = z.union([z.literal('UTC'), z.literal('local'), z.literal('source')]);

/** A saved chart workspace: which streams, which range, which layout; reopens as it was. */
export const ViewSpecSchema = z
  .object({
    charts: z
      .array(z.object({ streamKeys: z.array(z.string().min(1).max(400)).max(32) }).strict())
      .min(1)
      .max(12),
    range: z.union([
      z.object({ preset: z.enum(['24h', '7d', '30d', '1y', 'all']) }).strict(),
      z.object({ from: Micros, to: Micros }).strict(),
    ]),
    timeZone: TimeZoneSchema,
  })
  .strict();
export type ViewSpec = z.infer<typeof ViewSpecSchema>;

export interface SavedView {
  id: number;
  name: string;
  spec: ViewSpec;
  updatedAt: number;
}

export interface SyncStatus {
  /** Account ids being synced ('*' = all). */
  running: string[];
  /** 0 = only on demand. */
  intervalMinutes: number;
  /** Another process syncing this workspace (a `tributary sync`): the app waits for it. */
  heldBy: LockHolder | null;
}

/** Background sync settings; `desktop` says whether the window-only ones (tray, login) apply. */
export type BackgroundSettingsView = BackgroundSettings & { desktop: boolean };
export type RetentionWarningView = Omit<RetentionWarning, 'message'> & { message: string };

export interface RangeStatsView {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
}

// ---- channels --------------------------------------------------------------------------------

const channel =
  <Reply>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, reply: undefined as unknown as Reply });

const Empty = z.object({}).strict();

export const AddAccountInput = z
  .object({
    vendor: VendorIdSchema,
    name: z.string().trim().min(1).max(80),
    baseUrl: z
      .string()
      .trim()
      .max(2000)
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'the base URL must start with https:// (or http:// on this computer)'),
    secret: z.record(z.string().max(200), z.string().max(4000)),
  })
  .strict();

// ---- files: logger files and reports (issue 6) --------------------------------------------------

/** One logger file of a device, as the Files view lists it. */
export interface FileView {
  id: number;
  accountId: string | null;
  sourceId: number | null;
  device: string;
  /** The vendor's name (often a device path); shown, never used as a path. */
  vendorName: string;
  /** The file name it gets (or got) on this computer. */
  name: string;
  size: number | null;
  /** The vendor's storage state, one of its `capabilities.files.statuses` codes; null when it has none. */
  status: number | null;
  statusText: string;
  /** µs. */
  startTs: number | null;
  endTs: number | null;
  state: FileState;
  downloaded: boolean;
  /** Where it is on this computer: desktop only (in browser mode the path is the server's, and stays there). */
  localPath: string | null;
  sha256: string | null;
  error: string | null;
}

export interface FileListView {
  files: FileView[];
  devices: { sourceId: number; name: string }[];
  /** Devices whose list could not be refreshed (the rest were). */
  problems: string[];
  /** Transfers a quit or crash interrupted: the user resumes them. */
  interrupted: number[];
  /** An account id is downloading now. */
  downloading: boolean;
  autoImportOsf: boolean;
}

export type DownloadItemView = Spoken<DownloadItem>;

const FileId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const fileChannels = {
  'files:list': channel<FileListView>()(z.object({ accountId: Id, refresh: z.boolean().optional() }).strict()),
  /** Queues the device's LIST_FILES for [from, to): its files there become downloadable once it calls in. */
  'files:request': channel<{ requested: number }>()(
    z
      .object({ accountId: Id, sourceId: z.number().int().positive(), from: Micros, to: Micros })
      .strict()
      .refine((v) => v.to > v.from, 'to must be after from'),
  ),
  /** Starts (or extends) the account's download in the background; progress comes as `files:progress`. */
  'files:download': channel<{ queued: number }>()(
    z.object({ accountId: Id, fileIds: z.array(FileId).min(1).max(100_000) }).strict(),
  ),
  'files:cancel': channel<null>()(z.object({ accountId: Id.optional() }).strict()),
  /** Shows a downloaded file in the system's file manager (desktop); the reply carries its path either way. */
  'files:reveal': channel<{ path: string; shown: boolean }>()(z.object({ fileId: FileId }).strict()),
  'files:autoImport': channel<null>()(z.object({ on: z.boolean() }).strict()),
  /** Browser mode: a one-time download address for downloaded files (several: one ZIP), valid for a minute. */
  'files:ticket': channel<{ url: string; name: string }>()(
    z.object({ accountId: Id, fileIds: z.array(FileId).min(1).max(10_000) }).strict(),
  ),
  /** An OpenSense report (PDF) for a site and period, downloaded into the app's downloads folder. */
  'reports:create': channel<{ reportId: string; path: string }>()(
    z
      .object({
        accountId: Id,
        siteId: z.string().min(1).max(200),
        template: z.string().min(1).max(100),
        /** Period ends, inclusive: ISO dates or RFC 3339 times. */
        from: z.string().min(10).max(40),
        to: z.string().min(10).max(40),
        language: z.string().min(2).max(10).optional(),
      })
      .strict(),
  ),
} as const;
// ---- end of files --------------------------------------------------------------------------------

// ---- what each account syncs (issue 16) -----------------------------------------------------------

export type { DiscoverSummary, SelectionState, CatalogResults };
export type { CatalogFacet, CatalogHit, FacetChoice } from '../model/catalog';

const StreamKeys = z.array(z.string().min(1).max(400)).max(100_000);
const CatalogText = z.string().max(200);

const selectionChannels = {
  /** Asks the vendor what the account holds (no points) and saves it. */
  'selection:discover': channel<DiscoverSummary>()(z.object({ accountId: Id }).strict()),
  'selection:state': channel<SelectionState>()(z.object({ accountId: Id }).strict()),
  /** Streams (or sources, standing for their streams) in or out; points of streams taken out stay. */
  'selection:set': channel<SelectionState>()(
    z.object({ accountId: Id, select: StreamKeys, deselect: StreamKeys }).strict(),
  ),
  'selection:newStreams': channel<null>()(z.object({ accountId: Id, rule: z.enum(newStreamRules) }).strict()),
  /** A page of the account's catalog (capabilities.catalogSearch): text and facet choices, with the facets' counts. */
  'catalog:search': channel<CatalogResults>()(
    z
      .object({
        accountId: Id,
        text: CatalogText,
        refine: z.array(z.object({ facet: z.string().min(1).max(100), value: CatalogText.min(1) }).strict()).max(20),
        offset: z.number().int().min(0).max(10_000),
      })
      .strict(),
  ),
  /** Sources picked from a catalog search, discovered now so their streams can be chosen. */
  'catalog:pick': channel<DiscoverSummary>()(
    z.object({ accountId: Id, refs: z.array(z.string().min(1).max(400)).min(1).max(50) }).strict(),
  ),
  'accounts:edit': channel<AccountView>()(
    z
      .object({
        id: Id,
        name: AddAccountInput.shape.name.optional(),
        baseUrl: AddAccountInput.shape.baseUrl.optional(),
        secret: AddAccountInput.shape.secret.optional(),
        from: Micros.optional(),
      })
      .strict(),
  ),
} as const;
// ---- end of selection ----------------------------------------------------------------------------

// ---- export and opened OSF files (issues 8 and 9) -----------------------------------------------

/** What `export:run` writes: the export options without `out` (the app picks a file in its exports folder). */
export const ExportRunInput = ExportOptionsFields.omit({ out: true }).strict().superRefine(checkExportOptions);

/** One channel of an OSF file, summed up before import; times in µs. */
export interface OsfChannelView {
  index: number;
  name: string;
  unit: string;
  datatype: string;
  count: number;
  /** Events (status words, messages, time-base marks) on the channel. */
  events: number;
  first: number | null;
  last: number | null;
  min: number | null;
  max: number | null;
}

export interface OsfSummary {
  path: string;
  name: string;
  size: number;
  format: string;
  compression: string;
  creator: string;
  created: string;
  channels: OsfChannelView[];
  warnings: string[];
  truncated: boolean;
}

/** One imported file: the import's result under the file's name, without its path and digest. */
export type OsfImportView = Omit<OsfImportResult, 'file' | 'sha256'> & { name: string };

const JobId = z.string().regex(/^[0-9a-f]{8,64}$/);
const LocalPath = z.string().min(1).max(4096);

const exportChannels = {
  /** Starts an export in the background; progress comes as `export:progress`. */
  'export:run': channel<{ id: string }>()(ExportRunInput),
  'export:cancel': channel<null>()(z.object({ id: JobId }).strict()),
  'export:recent': channel<ExportRecord[]>()(Empty),
  /** Desktop: a copy of a finished export where the user picks in the native save dialog; null when cancelled. */
  'export:saveAs': channel<{ path: string | null }>()(z.object({ id: JobId }).strict()),
  /** Browser mode: a one-time download address for a finished export, valid for a minute. */
  'export:ticket': channel<{ url: string; name: string }>()(z.object({ id: JobId }).strict()),
} as const;

const Minutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const backgroundChannels = {
  'background:get': channel<BackgroundSettingsView>()(Empty),
  'background:set': channel<BackgroundSettingsView>()(
    z
      .object({
        closeToTray: z.boolean().optional(),
        startAtLogin: z.boolean().optional(),
        intervalMinutes: Minutes.optional(),
        /** null: back to the default interval. */
        accountIntervals: z.record(Id, Minutes.nullable()).optional(),
      })
      .strict(),
  ),
  /** Accounts on a vendor with a short retention whose last successful sync is getting old. */
  'sync:warnings': channel<RetentionWarningView[]>()(Empty),
};

const osfChannels = {
  /** Desktop: the native open dialog; the paths chosen may then be inspected and imported. */
  'osf:choose': channel<{ paths: string[] }>()(Empty),
  'osf:inspect': channel<OsfSummary>()(z.object({ path: LocalPath }).strict()),
  'osf:import': channel<OsfImportView[]>()(z.object({ paths: z.array(LocalPath).min(1).max(100) }).strict()),
} as const;
/**
 * Desktop only, and outside `channels`: no page can call these through `invoke`. `desktop:dropped`
 * carries the paths of files dropped on the window, which only the preload can read from the File
 * objects, so a page grants only files the user gave it; the reply is the paths main will now open.
 */
export const desktopChannels = {
  'desktop:dropped': channel<string[]>()(z.array(LocalPath).max(10_000)),
} as const;
export type DesktopChannel = keyof typeof desktopChannels;

/** The Electron IPC channels between preload and main: calls, pushed events, and the desktop channels. */
export type IpcChannel = 'tributary:invoke' | 'tributary:event' | DesktopChannel;
// ---- end of export and OSF -------------------------------------------------------------------------

export const channels = {
  'app:info': channel<AppInfo>()(Empty),
  'accounts:list': channel<AccountView[]>()(Empty),
  'accounts:add': channel<AccountView>()(AddAccountInput),
  /** Deletes the keychain entry and stops syncing; the data stays read-only unless `deleteData`. */
  'accounts:remove': channel<null>()(z.object({ id: Id, deleteData: z.boolean().optional() }).strict()),
  'accounts:test': channel<{ detail: string }>()(z.object({ id: Id }).strict()),
  'streams:tree': channel<Tree>()(Empty),
  'streams:details': channel<StreamDetails>()(z.object({ streamId: StreamId }).strict()),
  'points:series': channel<SeriesData>()(
    z
      .object({
        streamId: StreamId,
        from: Micros,
        to: Micros,
        /** About the chart's width in pixels. */
        buckets: z.number().int().min(1).max(10_000),
      })
      .strict()
      .refine((v) => v.to > v.from, 'to must be after from'),
  ),
  'points:stats': channel<RangeStatsView>()(z.object({ streamId: StreamId, from: Micros, to: Micros }).strict()),
  'points:raw': channel<RawPoints>()(
    z.object({ streamId: StreamId, from: Micros, to: Micros, limit: z.number().int().min(1).max(1_000_000) }).strict(),
  ),
  'sync:start': channel<{ started: boolean }>()(z.object({ accountId: Id.optional() }).strict()),
  'sync:cancel': channel<null>()(Empty),
  'sync:status': channel<SyncStatus>()(Empty),
  'sync:history': channel<SyncRunView[]>()(z.object({ accountId: Id }).strict()),
  'sync:schedule': channel<null>()(
    z
      .object({
        intervalMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60),
      })
      .strict(),
  ),
  ...backgroundChannels,
  'demo:open': channel<null>()(Empty),
  'vault:status': channel<VaultStatus>()(Empty),
  /** The encrypted credentials file's password, from the UI's dialog; never logged, never sent back. */
  'vault:unlock': channel<VaultStatus>()(z.object({ password: z.string().min(1).max(1024) }).strict()),
  'vault:moveToKeychain': channel<{ moved: string[]; failed: { name: string; message: string }[] }>()(Empty),
  /** The language setting: one of the catalogs, or null to follow the OS or browser. */
  'settings:language': channel<null>()(z.object({ language: z.enum(languages).nullable() }).strict()),
  /** The language the window shows now (at start and on every change): main's errors, credential states and warnings follow it. */
  'ui:language': channel<null>()(z.object({ language: z.enum(languages) }).strict()),
  'views:list': channel<SavedView[]>()(Empty),
  'views:save': channel<SavedView>()(
    z.object({ name: z.string().trim().min(1).max(120), spec: ViewSpecSchema }).strict(),
  ),
  'views:delete': channel<null>()(z.object({ id: z.number().int().positive() }).strict()),
  'sources:list': channel<SourceHealth[]>()(Empty),
  'sources:events': channel<SourceEvent[]>()(
    z
      .object({
        sourceId: z.number().int().positive(),
        from: Micros.optional(),
        to: Micros.optional(),
        limit: z.number().int().min(1).max(10_000),
      })
      .strict(),
  ),
  'ranges:set': channel<StreamRangeView>()(
    z
      .object({ streamId: StreamId, min: z.number().finite().nullable(), max: z.number().finite().nullable() })
      .strict()
      .refine((r) => r.min === null || r.max === null || r.min <= r.max, 'min must not be above max'),
  ),
  'ranges:excursions': channel<{ count: number | null }>()(
    z.object({ streamId: StreamId, from: Micros, to: Micros }).strict(),
  ),
  ...fileChannels,
  ...selectionChannels,
  ...exportChannels,
  ...osfChannels,
} as const;

export type Channel = keyof typeof channels;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ChannelReply<C extends Channel> = (typeof channels)[C]['reply'];

/** Replies cross the boundary as data, never as thrown errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

// ---- events ----------------------------------------------------------------------------------

export { eventNames, type EventName } from '../model/events';
/** The push events as the renderer gets them: texts in the reader's language. */
export type Events = SpokenEvents;
export type FilesProgress = Spoken<FilesProgressEmitted>;

/** What the preload exposes as `window.tributary` and the web bridge provides in browser mode. */
export interface TributaryApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelReply<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/**
 * Desktop only, `window.tributaryDesktop` from the preload: files dropped on the window, handed to main.
 * The preload takes each path from the File itself (Electron's webUtils), so a page can grant only
 * files the user gave it, never a path it makes up; it gets back the paths main will now open.
 */
export interface DesktopFiles {
  openDropped(files: File[]): Promise<string[]>;
}

export const channelNames = Object.keys(channels) as Channel[];
