import type { VendorId } from '../vendors/connector';
import { RETENTION_US as OPTI_RETENTION_US } from '../vendors/opti/map';

const DAY_US = 86_400 * 1_000_000;

/**
 * How many days of data a vendor still serves, or null when it keeps everything. The one place the
 * background sync asks; it reads the vendor folders' own constants until connectors declare
 * `retentionDays` among their capabilities, and then only this function changes.
 */
export function vendorRetentionDays(vendor: VendorId): number | null {
  const retentionUs: Partial<Record<VendorId, number>> = { opti: OPTI_RETENTION_US };
  const us = retentionUs[vendor];
  return us === undefined ? null : us / DAY_US;
}
