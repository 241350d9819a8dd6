import { z } from 'zod';

/** OpenDataSoft Explore API v2.1 wire shapes (vendor-notes §3). Unknown fields pass through unchecked. */

export const EXPLORE = '/api/explore/v2.1';
/** `limit` of `/records` and `/catalog/datasets`: -1 ≤ limit ≤ 100. */
export const MAX_LIMIT = 100;
/** `offset + limit` may not exceed this on `/records` and `/catalog/datasets`. */
export const MAX_WINDOW = 10_000;

/** v2.1 gives annotations as an object (`{unit: "°C", timeserie_precision: "hour"}`); v1 as `[{name, args}]`. */
export const annotationsSchema = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.object({ name: z.string(), args: z.array(z.unknown()).optional() })),
]);

export const fieldSchema = z.object({
  name: z.string().min(1),
  label: z.string().nullish(),
  type: z.string(),
  annotations: annotationsSchema.nullish(),
  description: z.string().nullish(),
});
export type WireField = z.infer<typeof fieldSchema>;

export const datasetSchema = z.object({
  dataset_id: z.string().min(1),
  has_records: z.boolean().nullish(),
  metas: z
    .object({
      default: z
        .object({
          title: z.string().nullish(),
          timezone: z.string().nullish(),
          records_count: z.number().int().nonnegative().nullish(),
          publisher: z.string().nullish(),
          // A list on most portals; some give one text.
          theme: z.union([z.array(z.string()), z.string()]).nullish(),
        })
        .loose()
        .nullish(),
    })
    .loose()
    .nullish(),
  fields: z.array(fieldSchema),
});
export type WireDataset = z.infer<typeof datasetSchema>;

/** A field list that can change: the dataset's fields as one string, to tell when detection must be redone. */
export const fieldsSignature = (fields: readonly WireField[]): string =>
  fields.map((f) => `${f.name}:${f.type}`).join(',');

export const catalogPageSchema = z.object({
  total_count: z.number().int().nonnegative(),
  results: z.array(datasetSchema),
});

/** `/catalog/facets` → `{links, facets: [{name, facets: [{name, value, count, state}]}]}`. */
export const catalogFacetsSchema = z.object({
  facets: z.array(
    z.object({
      name: z.string(),
      facets: z.array(
        z.object({
          name: z.string(),
          value: z.string().nullish(),
          count: z.number().int().nonnegative(),
          state: z.string().nullish(),
        }),
      ),
    }),
  ),
});

export type WireRecord = Record<string, unknown>;
export const recordSchema = z.record(z.string(), z.unknown());

export const recordsPageSchema = z.object({
  total_count: z.number().int().nonnegative().nullish(),
  results: z.array(recordSchema),
});

/** Both error shapes: Explore v2 `{error_code, message}` and the quota one `{errorcode, error, reset_time}`. */
export const errorBodySchema = z
  .object({
    error_code: z.string().nullish(),
    message: z.string().nullish(),
    errorcode: z.union([z.number(), z.string()]).nullish(),
    error: z.string().nullish(),
    reset_time: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();
export type WireError = z.infer<typeof errorBodySchema>;

/** `/catalog/datasets/{id}/attachments` → `{links, attachments: [{href, metas: {id, title, mimetype, url}}]}`. */
export const attachmentsSchema = z.object({
  attachments: z.array(
    z.object({
      metas: z
        .object({
          id: z.string().min(1),
          title: z.string().nullish(),
          size: z.number().int().nonnegative().nullish(),
        })
        .loose(),
    }),
  ),
});
export type WireAttachment = z.infer<typeof attachmentsSchema>['attachments'][number]['metas'];
