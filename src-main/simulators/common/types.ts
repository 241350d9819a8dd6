import type { Handler } from './faults';

/** A stream as a complete sync must end with it: the truth that sync tests compare against. */
export interface TruthStream {
  /** The stream key of docs/architecture.md ("opti/123", "opensense/chn_x", ...). */
  key: string;
  /** Every point, ascending; ts in microseconds; text values for text streams. Generated lazily. */
  points: () => Iterable<{ ts: number; value: number | string }>;
}

export interface VendorSimulator {
  handler: Handler;
  /** Exactly what `tributary account add --secret-stdin` takes for this vendor. */
  credentials: Record<string, string>;
  /** Appended to http://127.0.0.1:PORT to form the base URL a user would enter ('' or e.g. '/tenant'). */
  basePath: string;
  /** The data a complete sync at the simulated now must produce. */
  truth(): Iterable<TruthStream>;
}
