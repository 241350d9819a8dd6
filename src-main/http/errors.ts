/**
 * Errors are data (DESIGN.md convention 3): every failure says what the sync should do next.
 * Messages are catalog messages written for the user, their values already redacted.
 */
import { UserError, type Message } from '../model';

export type FailureAction =
  /** Try the same request again later (5xx, reset, timeout). */
  | 'retry'
  /** The vendor asked us to wait (429, quota); `until` says how long. */
  | 'throttle'
  /** Credentials expired: log in again, then retry once. */
  | 'reauth'
  /** This stream or file cannot be fetched; the rest of the account goes on. */
  | 'fail-stream'
  /** Nothing else on this account will work (bad credentials, no permission, quota for the day). */
  | 'fail-account';

export class VendorError extends UserError {
  constructor(
    message: Message,
    readonly action: FailureAction,
    readonly status?: number,
    /** For throttling: epoch ms until which the vendor asked us to wait. */
    readonly until?: number,
  ) {
    super(message.key, message.values);
    this.name = 'VendorError';
  }
}

/** No answer from the vendor at all: the sync pauses and resumes when it answers again. */
export class OfflineError extends VendorError {
  constructor(message: Message) {
    super(message, 'retry');
    this.name = 'OfflineError';
  }
}

export class ThrottledError extends VendorError {
  constructor(message: Message, until: number, status = 429) {
    super(message, 'throttle', status, until);
    this.name = 'ThrottledError';
  }
}
