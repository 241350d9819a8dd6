import type { Scale, SimOptions } from '../common/faults';
import { uuidOf, hexOf } from '../common/ids';
import { hashSeed, unit } from '../common/rng';
import { diurnal, enumState, inOutage, sampleTimes, storm } from '../common/signals';
import type { TruthStream } from '../common/types';
import { createCipheriv } from 'node:crypto';
import {
  compressOsf,
  paddedOsfz,
  type ServedFile,
  writeOsf4,
  type OsfChannel,
  type OsfFiller,
  type OsfSample,
} from './osf-writer';

/**
 * The simulated optiCLOUD platform: two tenants, their devices, each device's telemetry as pure
 * functions of time, and the OSF logger files the devices write (status 0–3 per file).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Files older than this are gone from the device (status 3 → 2, 0 → not listed). */
const DEVICE_RETENTION_MS = 14 * DAY_MS;
/** A file reaches the server this long after it closes (unless the device never sends it). */
const UPLOAD_DELAY_MS = DAY_MS;

export type KeyKind = 'double' | 'long' | 'string';

export interface TelemetryKey {
  name: string;
  kind: KeyKind;
  unit: string;
  /** The channel that holds the same quantity in the device's OSF files. */
  osfChannel: string;
  value(seed: number, tsMs: number): number | string;
}

const STATES = ['OK', 'OK', 'OK', 'LOW_BATTERY', 'SENSOR_FAULT'];

export const TELEMETRY_KEYS: TelemetryKey[] = [
  {
    name: 'waterLevel',
    kind: 'double',
    unit: 'm',
    osfChannel: 'Sensor.WaterLevel',
    value: (s, t) => storm(s, t, 1.2, 2.5),
  },
  {
    name: 'waterTemperature',
    kind: 'double',
    unit: '°C',
    osfChannel: 'Sensor.WaterTemperature',
    value: (s, t) => diurnal(s, t, 11, 3),
  },
  {
    name: 'batteryVoltage',
    kind: 'double',
    unit: 'V',
    osfChannel: 'System.BatteryVoltage',
    value: (s, t) => diurnal(s, t, 3.6, 0.1, 0.02),
  },
  {
    name: 'conductivity',
    kind: 'long',
    unit: 'µS/cm',
    osfChannel: 'Sensor.Conductivity',
    value: (s, t) => Math.round(diurnal(s, t, 520, 40)),
  },
  {
    name: 'status',
    kind: 'string',
    unit: '',
    osfChannel: 'System.Status',
    value: (s, t) => STATES[enumState(s, t, STATES.length, 2)],
  },
];

interface ScaleShape {
  devices: number;
  historyDays: number;
  telemetryStepMs: number;
  fileHours: number;
  osfStepMs: number;
}

const SCALES: Record<Scale, ScaleShape> = {
  small: { devices: 3, historyDays: 30, telemetryStepMs: HOUR_MS, fileHours: 6, osfStepMs: 60_000 }, // ~10k telemetry points
  medium: { devices: 6, historyDays: 60, telemetryStepMs: 15 * 60_000, fileHours: 6, osfStepMs: 30_000 }, // ~170k
  large: { devices: 15, historyDays: 180, telemetryStepMs: 5 * 60_000, fileHours: 24, osfStepMs: 60_000 }, // ~3.9M
};

export interface Device {
  id: string;
  tenantId: string;
  name: string;
  label: string;
  serial: string;
  credentialsId: string;
  createdTime: number;
  seed: number;
  /**
   * When its files start: the first two devices of a tenant were started together, so they write
   * files of the same names (a name is the start time), as two real loggers recording in step do.
   */
  fileClockSeed: number;
  /** Position in its tenant: the first device of the account tenant carries the hostile file names. */
  index: number;
  /** How its XML file list spells a GeoLogFile (both spellings are plausible; the client must read both). */
  xmlStyle: 'elements' | 'attributes';
  compression: 'gzip' | 'zlib';
}

export interface Tenant {
  id: string;
  name: string;
  authorityId: string;
  /** The account tenant's users may read device credentials; the other tenant's may not (403). */
  canReadCredentials: boolean;
  devices: Device[];
}

export interface Platform {
  shape: ScaleShape;
  username: string;
  password: string;
  tenants: Tenant[];
  /** An authority with no tenant (some authorization entries have none). */
  tenantlessAuthorityId: string;
  /** Telemetry and files begin here: the start of the simulated day minus the history length. */
  historyStartMs: number;
}

export function buildPlatform(opts: SimOptions, nowMs: number): Platform {
  const shape = SCALES[opts.scale];
  const historyStartMs = Math.floor(nowMs / DAY_MS) * DAY_MS - shape.historyDays * DAY_MS;
  const tenant = (
    key: string,
    name: string,
    deviceCount: number,
    canReadCredentials: boolean,
    labels: string[],
  ): Tenant => {
    const id = uuidOf(opts.seed, 'tenant', key);
    const devices = Array.from({ length: deviceCount }, (_, index): Device => {
      const serial = String(21_004_900_000 + (hashSeed(opts.seed, key, index) % 99_999));
      return {
        id: uuidOf(opts.seed, 'device', key, index),
        tenantId: id,
        name: `SDE-${serial}`,
        label:
          labels[index % labels.length] + (index >= labels.length ? ` ${Math.floor(index / labels.length) + 1}` : ''),
        serial,
        credentialsId: hexOf(20, opts.seed, 'device-token', key, index),
        createdTime: historyStartMs - (index + 1) * HOUR_MS,
        seed: hashSeed(opts.seed, 'opticloud', key, index),
        fileClockSeed: hashSeed(opts.seed, 'file-clock', key, Math.max(0, index - 1)),
        index,
        xmlStyle: index % 2 === 0 ? 'elements' : 'attributes',
        compression: index % 2 === 0 ? 'gzip' : 'zlib',
      };
    });
    return { id, name, authorityId: uuidOf(opts.seed, 'authority', key), canReadCredentials, devices };
  };
  return {
    shape,
    username: 'hydro@example.com',
    password: `pw-${hexOf(12, opts.seed, 'password')}`,
    tenants: [
      tenant('account', 'Wasserverband Nord', shape.devices, true, [
        'Pegel Elbbrücke',
        'Brunnen 4',
        'Regenbecken Süd',
        'Pegel Mühlgraben',
      ]),
      tenant('other', 'Stadtwerke Süd', 2, false, ['Zulauf Klärwerk', 'Hochbehälter']),
    ],
    tenantlessAuthorityId: uuidOf(opts.seed, 'authority', 'tenantless'),
    historyStartMs,
  };
}

/** Telemetry sample times of a device in [fromMs, toMs): shared by all its keys, gaps where it was offline. */
export function telemetryTimes(platform: Platform, device: Device, fromMs: number, toMs: number): Generator<number> {
  return sampleTimes(device.seed, platform.shape.telemetryStepMs, Math.max(fromMs, platform.historyStartMs), toMs);
}

export const MALFORMED_VALUES = ['NaN', 'Infinity', '12,5', '1e400'] as const;
export type MalformedValue = (typeof MALFORMED_VALUES)[number];

/** Hostile mode: about one numeric sample in a hundred is malformed on the wire. */
export function malformedTelemetry(
  opts: SimOptions,
  device: Device,
  key: TelemetryKey,
  tsMs: number,
): MalformedValue | null {
  if (opts.faults !== 'hostile' || key.kind === 'string') return null;
  const r = unit(opts.seed, 'malformed', device.id, key.name, tsMs);
  return r < 0.01 ? MALFORMED_VALUES[Math.floor(r * 400) % MALFORMED_VALUES.length] : null;
}

/** What a complete telemetry sync of the account tenant yields at `nowMs` (samples exist strictly before now). */
export function opticloudTruth(opts: SimOptions, platform: Platform, nowMs: number): TruthStream[] {
  return platform.tenants[0].devices.flatMap((device) =>
    TELEMETRY_KEYS.map((key) => ({
      key: `opticloud/${device.id}/${key.name}`,
      points: function* () {
        for (const t of telemetryTimes(platform, device, platform.historyStartMs, nowMs)) {
          if (malformedTelemetry(opts, device, key, t) === null)
            yield { ts: t * 1000, value: key.value(device.seed, t) };
        }
      },
    })),
  );
}

// ---- Files ----

export type FileStatus = 0 | 1 | 2 | 3;

export interface DeviceFile {
  name: string;
  startMs: number;
  endMs: number;
  /** Status before any request-list: 0 device only, 2 server only, 3 both. */
  status: FileStatus;
  /** When it reached the server (status 2/3). */
  uploadedMs: number | null;
  /** A hostile name (path traversal, absolute path); its content is an ordinary file's. */
  hostile: boolean;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The device path a smartCORE gives a file: `/sde/preview/YYYYMMDD/YYYYMMDD_HHMMSS.osfz`. */
export function devicePath(startMs: number): string {
  const d = new Date(startMs);
  const day = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
  return `/sde/preview/${day}/${day}_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}.osfz`;
}

export const HOSTILE_FILE_NAMES = [
  '../../etc/passwd.osfz',
  '/etc/x.osfz',
  '/sde/preview/../../../tmp/evil.osfz',
  'C:\\Windows\\System32\\evil.osfz',
];

/** Every file of the device that still exists somewhere at `nowMs`, oldest first (closed files only). */
export function deviceFiles(opts: SimOptions, platform: Platform, device: Device, nowMs: number): DeviceFile[] {
  const periodMs = platform.shape.fileHours * HOUR_MS;
  const offsetMs = Math.floor(unit(device.fileClockSeed, 'file-offset') * 600) * 1000;
  const files: DeviceFile[] = [];
  for (let k = 0; ; k++) {
    const startMs = platform.historyStartMs + k * periodMs + offsetMs;
    const endMs = startMs + periodMs;
    if (endMs > nowMs) break;
    const onDevice = endMs > nowMs - DEVICE_RETENTION_MS;
    const neverSent = unit(device.seed, 'never-sent', k) < 0.15;
    const uploadedMs = !neverSent && endMs + UPLOAD_DELAY_MS <= nowMs ? endMs + UPLOAD_DELAY_MS : null;
    if (!onDevice && uploadedMs === null) continue;
    const status: FileStatus = uploadedMs === null ? 0 : onDevice ? 3 : 2;
    files.push({ name: devicePath(startMs), startMs, endMs, status, uploadedMs, hostile: false });
  }
  const isHostileCarrier =
    opts.faults === 'hostile' && device.tenantId === platform.tenants[0].id && device.index === 0;
  const template = files.find((f) => f.uploadedMs !== null);
  if (isHostileCarrier && template)
    for (const name of HOSTILE_FILE_NAMES) files.push({ ...template, name, status: 2, hostile: true });
  return files;
}

interface ChannelSamples {
  channel: OsfChannel;
  samples: OsfSample[];
}

/** The channels and samples a file holds: every key at the OSF rate, with sub-millisecond stamps; status only on change. */
export function fileSamples(platform: Platform, device: Device, file: DeviceFile): ChannelSamples[] {
  const channels: ChannelSamples[] = TELEMETRY_KEYS.map((key) => ({
    channel: { name: key.osfChannel, unit: key.unit, datatype: key.kind === 'string' ? 'string' : 'double' },
    samples: [],
  }));
  let lastStatus: string | null = null;
  for (const t of sampleTimes(device.seed, platform.shape.osfStepMs, file.startMs, file.endMs)) {
    const ns = BigInt(t) * 1_000_000n + BigInt(Math.floor(unit(device.seed, 'jitter', t) * 1000)) * 1000n;
    TELEMETRY_KEYS.forEach((key, i) => {
      const value = key.value(device.seed, t);
      if (key.kind === 'string') {
        if (value === lastStatus) return;
        lastStatus = String(value);
      }
      channels[i].samples.push({ ns, value });
    });
  }
  return channels;
}

/** `length` incompressible bytes, the same for the same seed (AES-CTR keystream): benchmark files' filler. */
export function fillerBytes(seed: number, length: number): Buffer {
  const key = Buffer.from(hexOf(64, seed, 'filler-key'), 'hex');
  const iv = Buffer.from(hexOf(32, seed, 'filler-iv'), 'hex');
  return createCipheriv('aes-256-ctr', key, iv).update(Buffer.alloc(length));
}

/** The `.osfz` bytes of a file (deterministic: same seed, same bytes). */
/** A file's bytes: built once, then each call returns them (a benchmark's filler is joined per call, not kept). */
export function fileBytes(platform: Platform, device: Device, file: DeviceFile, filler?: OsfFiller): ServedFile {
  const sequenceNumber = Math.round((file.startMs - platform.historyStartMs) / (platform.shape.fileHours * HOUR_MS));
  const osf = writeOsf4(
    {
      creator: device.serial,
      createdMs: file.startMs,
      tag: 'preview',
      sequenceNumber,
      channels: fileSamples(platform, device, file),
    },
    file.endMs,
  );
  if (filler) return paddedOsfz(osf, device.compression, filler);
  const bytes = compressOsf(osf, device.compression);
  return { size: bytes.length, bytes: () => bytes };
}

/** Whether a time falls in one of the device's offline spells (no PING then). */
export function deviceOffline(device: Device, tsMs: number): boolean {
  return inOutage(device.seed, tsMs);
}
