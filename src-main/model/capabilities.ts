/**
 * What a vendor can do, declared by its connector folder and carried to the renderer by `app:info`
 * (DESIGN.md convention 14): services and screens ask for a capability, never for a vendor id.
 * Plain JSON, so it crosses IPC and HTTP as is.
 */

/** One of a vendor's own storage states of a file (optiCLOUD: 0 device only … 3 both), in words. */
export interface FileStatusWord {
  code: number;
  /** For a table cell: "device only". */
  short: string;
  /** For a tooltip or a sentence: "only on the device". */
  long: string;
  /** The server holds the file, so it can be downloaded now. */
  onServer: boolean;
  /** The file is only on the device: it must be requested from it first. */
  deviceOnly: boolean;
  /** The device was asked for the file and has not uploaded it yet. */
  requested: boolean;
}

export interface FilesCapability {
  /** The vendor's storage states in words; empty when its files have no status (shown as "on the server"). */
  statuses: FileStatusWord[];
  /** Files come from a list the vendor keeps (refreshed on demand), rather than being made here on request. */
  listed: boolean;
  /** Files only on a device can be requested from it. */
  requestFromDevice: boolean;
  /** Files are OSF logger files, imported as streams on download. */
  osf: boolean;
}

export interface ReportsCapability {
  templates: { id: string; label: string }[];
  languages: { id: string; label: string }[];
}

export interface VendorCapabilities {
  files: FilesCapability | null;
  reports: ReportsCapability | null;
  /** The vendor keeps a device communication log (optiCLOUD PING, ATTN, file responses). */
  deviceEvents: boolean;
  /** Days of history the vendor still serves (Opti: 3); null when it keeps everything. */
  retentionDays: number | null;
  /**
   * A source can hold several series told apart by some of its fields (an OpenDataSoft dataset with one
   * record per station): the fields are detected, shown, and the user may name others (`--series-by`).
   */
  seriesFields: boolean;
  /**
   * The account's sources come from a catalog that can be searched by text and by the vendor's facets
   * (an OpenDataSoft portal's datasets by theme, publisher, keyword) before they are discovered.
   */
  catalogSearch: boolean;
}
