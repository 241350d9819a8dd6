import { z } from 'zod';

/** Opti Public API wire shapes (vendor-docs/opti-public-api.txt, vendor-notes §1). Unknown fields are dropped. */

/** The representation we parse, pinned: `application/json` would follow whatever version is newest. */
export const OPTI_ACCEPT = 'application/vhd.optirtc-v1+json';

/** DataPoint ids: decimal strings up to 3155378975999999999, beyond 2^53, so never JS numbers. */
export const dataPointIdSchema = z.string().regex(/^\d{1,19}$/, 'expected a decimal id of up to 19 digits as text');

/** One metadata version (Resource) of a DataStream; the same `id` repeats once per version. */
export const datastreamEntrySchema = z.object({
  id: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  resourceId: z.union([z.string(), z.number()]).nullish(),
  title: z.string(),
  /** Sometimes without an offset: read as UTC. Absent on the first version of some streams. */
  validFrom: z.string().nullish(),
  unitName: z.string().nullish(),
  unitAbbreviation: z.string().nullish(),
  location: z
    .object({ type: z.string().nullish(), coordinates: z.array(z.number()).nullish() })
    .loose()
    .nullish(),
});
export type WireDatastreamEntry = z.infer<typeof datastreamEntrySchema>;

export const datastreamPageSchema = z.object({
  Items: z.array(datastreamEntrySchema),
  Count: z.number().int().nullish(),
  NextPageLink: z.string().nullish(),
});

/**
 * A value, a numeric string ("42") or a word ("ONLINE"); `resourceId` names the stream version.
 * Any JSON is let through: mapping keeps what reads as a value and counts the rest as rejected, so one
 * malformed value (`{}`, `["1"]`) costs one point, not the whole page and every sync after it.
 */
export const dataValueSchema = z.object({
  resourceId: z.union([z.string(), z.number()]).nullish(),
  value: z.unknown(),
});
export type WireDataValue = z.infer<typeof dataValueSchema>;

export const dataPointSchema = z.object({
  id: dataPointIdSchema,
  timeValue: z.string(),
  /** An array of DataValues; a lone DataValue is accepted too. */
  value: z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(dataValueSchema)),
});
export type WireDataPoint = z.infer<typeof dataPointSchema>;

const isBareDataPoint = (data: unknown) =>
  typeof data === 'object' && data !== null && !('Items' in data) && 'timeValue' in data;

/** `NextPageLink` is absent on the last page; `top=1` sometimes answers with a bare DataPoint (read as a page of one). */
export const dataPointPageSchema = z.preprocess(
  (data) => (isBareDataPoint(data) ? { Items: [data] } : data),
  z.object({
    Items: z.array(dataPointSchema),
    Count: z.number().int().nullish(),
    NextPageLink: z.string().nullish(),
  }),
);
export type WireDataPointPage = z.infer<typeof dataPointPageSchema>;
