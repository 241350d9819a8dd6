import type { z } from 'zod';
import type { HttpClient, HttpRequest } from '../http/client';
import type { BudgetLimits } from '../http/budget';
import type { ErrorPolicy } from '../http/policy';
import type { VendorCapabilities } from '../model/capabilities';
import type { CatalogPage, CatalogQuery } from '../model/catalog';
import type {
  DeviceEvent,
  GeoPoint,
  MetaVersion,
  NewStreamRule,
  Point,
  StreamKind,
  ValueRange,
  VendorId,
} from '../model';

export type { VendorId, StreamKind, Point, MetaVersion, NewStreamRule, DeviceEvent, GeoPoint, ValueRange };

/** JSON-safe data a connector keeps about a remote object (ids it needs to fetch it again). */
export type Remote = Record<string, string | number | boolean | null>;

export interface DiscoveredSource {
  /** The vendor's id of the source, unique within the account. */
  ref: string;
  parentRef?: string;
  name: string;
  /** IANA zone where the vendor gives one (Realtime Online systems). */
  timezone?: string;
  /** What the connector needs later; never shown. */
  meta?: Record<string, unknown>;
  /** The vendor's metadata in words, for people: model, firmware, type, label, time zone, created. */
  info?: Record<string, string>;
  location?: GeoPoint;
  /** The vendor's own last-seen time, µs. */
  lastContact?: number;
  /** Whether the vendor says the device is online; absent when it does not say. */
  online?: boolean;
}

export interface DiscoveredStream {
  /** DESIGN.md stream key, e.g. `opti/123`. */
  key: string;
  sourceRef: string;
  name: string;
  unit: string;
  kind: StreamKind;
  enumLabels?: Record<string, string>;
  meta?: Record<string, unknown>;
  /** Metadata versions with their start (Opti Resources); the newest is the stream's current metadata. */
  metaHistory?: MetaVersion[];
  /** How many points the vendor says the stream holds (OpenDataSoft `records_count`), where it says. */
  estimatedPoints?: number;
  /** The band the vendor calls normal (OpenSense ok_min/ok_max). */
  range?: ValueRange;
  /**
   * The feed this stream is fetched with. A feed is what one request pages through: a single stream
   * (Opti, OpenSense), or all fields of a record source at once (an ODS dataset, a Realtime sensor,
   * an optiCLOUD device), so a record is fetched once, not once per field.
   */
  feed: string;
  /** What fetchPage needs to address this stream at the vendor. */
  remote: Remote;
}

export interface Discovery {
  sources: DiscoveredSource[];
  streams: DiscoveredStream[];
  /** What fetchPage needs per feed (ids shared by the feed's streams). */
  feeds: Record<string, Remote>;
  /**
   * The rule for new streams when the account has none yet: `exclude` where syncing everything would
   * be unreasonable (an OpenDataSoft portal of more than 50 datasets); default `include`.
   */
  defaultNewStreams?: NewStreamRule;
  /** By source ref: series fields detected in this discovery, to be remembered (see DiscoveryMemory). */
  detectedSeries?: Record<string, DetectedSeries>;
}

export interface DetectedSeries {
  /** The source's fields when they were detected; detection is repeated only when this changes. */
  signature: string;
  fields: string[];
}

/** What the account remembers of a source's series between discoveries. */
export interface SeriesMemory {
  detected: DetectedSeries | null;
  /** The fields the user named (`select --series-by`); they win over the detected ones. */
  chosen: string[] | null;
}

/** By source ref. */
export type DiscoveryMemory = ReadonlyMap<string, SeriesMemory>;

export interface PageRequest {
  feed: { id: string; remote: Remote; streams: { key: string; remote: Remote }[] };
  /** The cursor saved after the previous page of this feed; null on its first sync. */
  cursor: string | null;
  /** Backfill start (µs) for a first sync; later syncs follow the cursor. */
  from?: number;
  /** Stop at this time (µs, exclusive); default: now. */
  to?: number;
  signal?: AbortSignal;
}

export interface Page {
  /** Points by stream key (only the feed's streams). */
  points: Record<string, Point[]>;
  /** Saved in the same transaction as the points. Never holds a secret (it is stored in SQLite). */
  cursor: string | null;
  /** True when the stream is up to date: no more pages for now. */
  done: boolean;
  /** An interval the vendor can no longer serve (retention), found while paging. */
  lost?: { from: number; to: number };
  /** Values that could not be read (non-numeric, bad time); the points that could were kept. */
  rejected?: number;
  /** By stream key: records that fell on a time the page already had for that stream (the first was kept). */
  collisions?: Record<string, number>;
  /** The vendor's last-seen time of the feed's source, learned while paging (Realtime latest_record_date). */
  contact?: { sourceRef: string; at: number };
}

export interface EventPage {
  events: DeviceEvent[];
  /** Saved with the events. Never holds a secret. */
  cursor: string | null;
  done: boolean;
}

/** What a connector does for `capabilities.deviceEvents`: page through a device's communication log. */
export interface EventOperations {
  /** The next page of a source's events after `cursor` (null: the first sync, from `from` µs). */
  fetchEvents(req: {
    sourceRef: string;
    cursor: string | null;
    from?: number;
    signal?: AbortSignal;
  }): Promise<EventPage>;
}

export interface RemoteFile {
  /** The vendor's name for the file (often a device path); never used as a local path. */
  name: string;
  sourceRef: string;
  size: number | null;
  /** The vendor's storage state, one of its `capabilities.files.statuses` codes; null when it has none. */
  status: number | null;
  startTs: number | null;
  endTs: number | null;
}

/** What a connector does for its `capabilities.files`: list files and fetch them. */
export interface FileOperations {
  /** The files of one source whose time range overlaps [fromMs, toMs). */
  list(sourceRef: string, fromMs: number, toMs: number, signal?: AbortSignal): Promise<RemoteFile[]>;
  /** Asks the device to report its files (queued until it next connects). */
  requestFromDevice?(sourceRef: string, fromMs: number, toMs: number, signal?: AbortSignal): Promise<void>;
  /** One request returning the named files: the file itself for one name, a ZIP for several. */
  downloadRequest(sourceRef: string, names: string[], signal?: AbortSignal): Promise<HttpRequest>;
  /** Most names one download request may carry. */
  maxNamesPerRequest: number;
}

export interface Connector {
  readonly vendor: VendorId;
  /** Checks the credentials with the cheapest call; resolves to a short description ("3 devices"). */
  testConnection(signal?: AbortSignal): Promise<string>;
  /**
   * What the account holds, without points. `focus`: the source refs the user syncs from; a vendor
   * whose discovery looks into each source (OpenDataSoft series) may look only into these on a large catalog.
   * `memory`: what the account remembers of its sources' series.
   */
  discover(signal?: AbortSignal, focus?: ReadonlySet<string>, memory?: DiscoveryMemory): Promise<Discovery>;
  fetchPage(req: PageRequest): Promise<Page>;
  /** The earliest time (µs) the vendor still serves at `now` (µs), for vendors with retention (Opti: 3 days). */
  retentionStart?(now: number): number;
  files?: FileOperations;
  reports?: ReportOperations;
  events?: EventOperations;
  catalog?: CatalogOperations;
}

/** What a connector does for `capabilities.catalogSearch`: search its catalog, discover one source found. */
export interface CatalogOperations {
  search(query: CatalogQuery, signal?: AbortSignal): Promise<CatalogPage>;
  /** One source, looked into as discovery does for a source the user syncs from (its series, its place). */
  discoverSource(ref: string, signal?: AbortSignal, memory?: DiscoveryMemory): Promise<Discovery>;
}

/** A report to be made by the vendor, for one source and period. */
export interface ReportOrder {
  siteId: string;
  /** One of the vendor's `capabilities.reports.templates` ids. */
  template: string;
  /** Period ends, both inclusive: ISO dates or RFC 3339 times, passed through as given. */
  from: string;
  to: string;
  /** One of the vendor's `capabilities.reports.languages` ids; the vendor's default when absent. */
  language?: string;
}

export interface ReportStatus {
  id: string;
  /** The vendor's word for it. */
  state: string;
  ready: boolean;
  failed: boolean;
}

/** What a connector does for its `capabilities.reports`: reports are made asynchronously by the vendor. */
export interface ReportOperations {
  /** Orders a report; resolves to the vendor's id of it. */
  requestReport(order: ReportOrder, signal?: AbortSignal): Promise<string>;
  pollReport(id: string, signal?: AbortSignal): Promise<ReportStatus>;
  /** The finished report's file; fetch it with `reportFileHeaders()`. */
  reportFileUrl(id: string): string;
  /** The authorisation the file download needs (never log these). */
  reportFileHeaders(): Record<string, string>;
}

export interface ConnectorContext {
  baseUrl: string;
  secret: Record<string, string>;
  options: Record<string, unknown>;
  http: HttpClient;
  /** ms since the epoch. */
  now: () => number;
}

export interface VendorDefinition<S extends z.ZodType<Record<string, string>> = z.ZodType<Record<string, string>>> {
  id: VendorId;
  label: string;
  /** What `account add --secret-stdin` takes, validated before it reaches the keychain. */
  secretSchema: S;
  /** For the account form: the secret's fields in order. */
  secretFields: { name: string; label: string; optional?: boolean; secret: boolean }[];
  defaultBaseUrl: string;
  /** Keeps a sync under the vendor's documented rate. */
  budget: BudgetLimits;
  policy?: ErrorPolicy;
  /** What its connector can do, for services and screens (DESIGN.md convention 14). */
  capabilities: VendorCapabilities;
  create(ctx: ConnectorContext): Connector;
}
