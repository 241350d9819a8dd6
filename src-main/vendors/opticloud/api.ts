import { z } from 'zod';

/**
 * optiCLOUD wire shapes (vendor-docs/opticloud-api.txt, vendor-notes §2). Auth, devices and telemetry
 * are ThingsBoard CE's; the file endpoints are optiMEAS's own. Unknown fields are dropped.
 */

const uuidRef = z.object({ id: z.string().min(1) });

/** `POST /api/noauth/authorization`: one entry per authority; some have no tenant. */
export const authorizationEntrySchema = z.object({
  tenant: z.object({ id: uuidRef, name: z.string() }).nullish(),
  authorityId: uuidRef,
});
export const authorizationSchema = z.array(authorizationEntrySchema);
export type WireAuthorizationEntry = z.infer<typeof authorizationEntrySchema>;

/** `POST /api/auth/login`. */
export const loginSchema = z.object({ token: z.string().min(1), refreshToken: z.string().nullish() });

/** ThingsBoard's error body: 10 auth, 11 token expired, 20 permission, 31 bad params, 32 not found, 33 too many requests. */
export const errorBodySchema = z.object({ errorCode: z.number().int(), message: z.string().nullish() });
export const TOKEN_EXPIRED = 11;

export const deviceSchema = z.object({
  id: z.object({ id: z.string().min(1), entityType: z.string().nullish() }),
  name: z.string(),
  type: z.string().nullish(),
  label: z.string().nullish(),
  createdTime: z.number().nullish(),
});
export type WireDevice = z.infer<typeof deviceSchema>;

/** `GET /api/tenants/{id}/devices`: a ThingsBoard page, or (some servers) the bare array. */
export const devicePageSchema = z.preprocess(
  (data) => (Array.isArray(data) ? { data, hasNext: false } : data),
  z.object({ data: z.array(deviceSchema), hasNext: z.boolean().nullish() }),
);

/** `GET …/keys/timeseries`. */
export const timeseriesKeysSchema = z.array(z.string());

/**
 * `GET …/values/timeseries`: `{key: [{ts, value}]}`. Values are strings unless `useStrictDataTypes=true`,
 * then numbers, booleans, strings or JSON.
 */
export const timeseriesSchema = z.record(z.string(), z.array(z.object({ ts: z.number(), value: z.unknown() })));
export type WireTimeseries = z.infer<typeof timeseriesSchema>;

/** `GET /api/device/{id}/credentials`: `credentialsId` is the device token the XML file list is addressed by. */
export const deviceCredentialsSchema = z.object({
  credentialsId: z.string().min(1),
  credentialsType: z.string().nullish(),
});

/** `GET /api/devices/{id}/data-files/original`: items' field names vary (read in map.ts). */
export const dataFilesSchema = z.preprocess(
  (data) => (Array.isArray(data) ? { data } : data),
  z.object({ data: z.array(z.record(z.string(), z.unknown())), hasNext: z.boolean().nullish() }),
);

/**
 * `GET /api/devices/{id}/communication/data`: a ThingsBoard page of the device's log, newest first
 * (vendor-notes §2, shape a guess): time in `ts` or `createdTime` (ms), kind in `type`, text in
 * `message` or `details`, with the bare array accepted too.
 */
export const communicationEventSchema = z.object({
  ts: z.number().nullish(),
  createdTime: z.number().nullish(),
  type: z.string().min(1),
  direction: z.string().nullish(),
  message: z.string().nullish(),
  details: z.string().nullish(),
});
export type WireCommunicationEvent = z.infer<typeof communicationEventSchema>;
export const communicationPageSchema = z.preprocess(
  (data) => (Array.isArray(data) ? { data, hasNext: false } : data),
  z.object({ data: z.array(communicationEventSchema), hasNext: z.boolean().nullish() }),
);
