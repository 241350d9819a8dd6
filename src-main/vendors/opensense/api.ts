import { z } from 'zod';

/** OpenSense HTTP API v1 wire shapes (vendor doc + vendor-notes §5). */

/** Every request carries the user token (`ua_live_…`) as a bearer token. */
export const authHeaders = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** List endpoints: `limit` 1–500. */
export const MAX_LIST_LIMIT = 500;
/** Measurements: the documented default page, asked for explicitly. */
export const MEASUREMENTS_LIMIT = 5000;

/** Every list: `{data, next_cursor, has_more}`; next_cursor is null when has_more is false. */
export const listSchema = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullish(), has_more: z.boolean().nullish() });

export const siteSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  vertical: z.string().nullish(),
  timezone: z.string().nullish(),
  /** Not in the vendor doc: read when a site has one, as `{lat, lon}`. */
  location: z.object({ lat: z.number(), lon: z.number() }).nullish(),
});
export type WireSite = z.infer<typeof siteSchema>;

export const deviceSchema = z.object({
  id: z.string().min(1),
  site_id: z.string().nullish(),
  local_id: z.string().nullish(),
  name: z.string().nullish(),
  model: z.string().nullish(),
  fw_version: z.string().nullish(),
  last_seen_at: z.string().nullish(),
  online: z.boolean().nullish(),
});
export type WireDevice = z.infer<typeof deviceSchema>;

export const sensorSchema = z.object({
  id: z.string().min(1),
  channel_id: z.string().min(1),
  device_id: z.string().nullish(),
  kind: z.string().nullish(),
  label: z.string().nullish(),
  unit: z.string().nullish(),
  ok_min: z.number().nullish(),
  ok_max: z.number().nullish(),
  last_value: z.unknown().optional(),
  last_ts: z.string().nullish(),
  state: z.string().nullish(),
});
export type WireSensor = z.infer<typeof sensorSchema>;

/** Rows are `[ts, value]`, ascending; the value is checked per row (a bad one is rejected, not fatal). */
export const measurementRowSchema = z.tuple([z.string(), z.unknown()]);
export type WireRow = z.infer<typeof measurementRowSchema>;

export const measurementsSchema = z.object({
  channel_id: z.string().nullish(),
  agg: z.string().nullish(),
  data: z.array(measurementRowSchema),
  next_cursor: z.string().nullish(),
  has_more: z.boolean().nullish(),
});

export const errorBodySchema = z.object({
  error: z.object({ code: z.string().nullish(), message: z.string().nullish(), request_id: z.string().nullish() }),
});

export const reportSchema = z
  .object({
    id: z.string().min(1),
    state: z.string(),
    poll: z.string().nullish(),
    error: z.unknown().optional(),
  })
  .loose();
export type WireReport = z.infer<typeof reportSchema>;
