import { z } from 'zod';

/** Realtime Online Core API v3 wire shapes (vendor doc + vendor-notes §4). */

export const API_PATH = '/api/v3/json/';

/** PHP serialises an empty map as `[]`: accept it wherever an object is expected. */
const phpMap = <V extends z.ZodType>(value: V) =>
  z.union([z.record(z.string(), value), z.array(z.never()).transform((): Record<string, z.output<V>> => ({}))]);

/** The doc says sensor ids are strings, but v2 clients stored integers: accept both. */
const sensorId = z.union([z.string().min(1), z.number().int()]).transform(String);

/** Every object of a response may carry `code`, `message`, `detail` (0 = OK). */
const outcome = {
  code: z.number().int().nullish(),
  message: z.string().nullish(),
  detail: z.string().nullish(),
};

export const envelopeSchema = z.object({ status: z.number().int().nullish(), ...outcome }).loose();

export const systemsResponseSchema = z.object({
  systems: z.array(
    z.object({
      system_id: z.number().int(),
      name: z.string().nullish(),
      timezone: z.string().nullish(),
      sensors_count: z.number().int().nullish(),
    }),
  ),
});
export type WireSystem = z.infer<typeof systemsResponseSchema>['systems'][number];

export const enumUnitSchema = z.array(z.object({ value: z.union([z.number(), z.string()]), unit: z.string() }));
export const unitSchema = z.union([z.string(), enumUnitSchema]);
export type WireUnit = z.infer<typeof unitSchema>;

export const sensorSchema = z.object({
  sensor_id: sensorId,
  system_id: z.number().int(),
  type_id: z.number().int().nullish(),
  names: phpMap(z.string().nullable()).nullish(),
  units: phpMap(unitSchema.nullable()).nullish(),
  /** Per field: `{custom_meta_field: value}`, or `[]` when there is none. */
  meta_data: phpMap(phpMap(z.unknown()).nullable()).nullish(),
});
export type WireSensor = z.infer<typeof sensorSchema>;

export const sensorsResponseSchema = z.object({ sensors: z.array(sensorSchema) });

/** `getSensorTypes`: the words for a sensor's `type_id`. */
export const sensorTypesResponseSchema = z.object({
  sensor_types: z.array(z.object({ type_id: z.number().int(), name: z.string() })),
});

export const latestResponseSchema = z.object({
  systems: z.array(
    z.object({
      system_id: z.number().int(),
      ...outcome,
      sensors: z
        .array(z.object({ sensor_id: sensorId, latest_record_date: z.string().nullish(), ...outcome }))
        .nullish(),
    }),
  ),
});

export const recordSchema = z.object({
  record_date: z.string(),
  values: phpMap(z.unknown()),
});
export type WireRecord = z.infer<typeof recordSchema>;

export const recordsResponseSchema = z.object({
  systems: z.array(
    z.object({
      system_id: z.number().int(),
      ...outcome,
      sensors: z.array(z.object({ sensor_id: sensorId, ...outcome, data: z.array(recordSchema).nullish() })).nullish(),
    }),
  ),
});

/** A 400 "Failed with errors": the request's tree with a code per object. */
export const failureSchema = z
  .object({
    status: z.number().int().nullish(),
    message: z.string().nullish(),
    systems: z
      .array(
        z.object({
          system_id: z.union([z.number(), z.string()]).nullish(),
          ...outcome,
          sensors: z.array(z.object({ sensor_id: z.union([z.string(), z.number()]).nullish(), ...outcome })).nullish(),
        }),
      )
      .nullish(),
  })
  .loose();
