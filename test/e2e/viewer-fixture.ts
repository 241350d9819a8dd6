/**
 * The viewer's test workspace: one source with a dense °C stream (200k points, a spike and a recorded
 * gap), a mm stream, an enumerated valve (closed/open), a text mode (AUTO/OFFLINE) and a stream with
 * no data yet.
 */
import type { SeedSource } from './helpers';
import { regularPoints } from './helpers';

const MINUTE = 60_000_000;
const DAY = 24 * 60 * MINUTE;

export const KEYS = {
  temperature: 'osf/pump3/temperature',
  level: 'osf/pump3/level',
  valve: 'osf/pump3/valve',
  rain: 'osf/pump3/rain',
  mode: 'osf/pump3/mode',
} as const;

/** The text stream's hourly states: OFFLINE one hour in four. */
export const modeAt = (i: number) => (i % 4 === 3 ? 'OFFLINE' : 'AUTO');

export const TEMPERATURE_POINTS = 200_000;

/** Deterministic noise in [-1, 1). */
const noise = (i: number) => ((Math.sin(i * 12.9898) * 43758.5453) % 1) * 2 - 1;

export function viewerFixture(nowMs: number): SeedSource[] {
  const end = Math.floor(nowMs / 60_000) * MINUTE;
  const start = end - (TEMPERATURE_POINTS - 1) * MINUTE;
  const outage = { from: end - 30 * DAY, to: end - 28 * DAY, reason: 'The vendor reported no data (logger offline)' };
  const temperature = regularPoints(start, MINUTE, TEMPERATURE_POINTS, (i, ts) =>
    i === 150_000 ? 45 : Math.round((12 + 8 * Math.sin((2 * Math.PI * ts) / DAY) + noise(i) * 0.4) * 100) / 100,
  ).filter((p) => p.ts < outage.from || p.ts >= outage.to);
  const level = regularPoints(start, 5 * MINUTE, TEMPERATURE_POINTS / 5, (i, ts) =>
    Math.round(300 + 50 * Math.sin((2 * Math.PI * ts) / (7 * DAY)) + noise(i) * 3),
  );
  const valve = regularPoints(
    start,
    60 * MINUTE,
    Math.floor(TEMPERATURE_POINTS / 60),
    (i) => (Math.floor(i / 3) + (noise(i) > 0.6 ? 1 : 0)) % 2,
  );
  return [
    {
      name: 'Pump station 3',
      vendorRef: 'pump3',
      timezone: 'Europe/Berlin',
      streams: [
        {
          key: KEYS.temperature,
          name: 'Water temperature',
          unit: '°C',
          kind: 'number',
          points: temperature,
          gaps: [outage],
          metaHistory: [
            { validFrom: start, name: 'Temp 1', unit: '°C' },
            { validFrom: start + 40 * DAY, name: 'Water temperature', unit: '°C', meta: { resource: 'Inlet probe' } },
          ],
        },
        {
          key: KEYS.level,
          name: 'Wet well level',
          unit: 'mm',
          kind: 'number',
          points: level,
          lastError: 'The vendor answered 503 (service unavailable); the next sync retries.',
        },
        {
          key: KEYS.valve,
          name: 'Inlet valve',
          unit: '',
          kind: 'enum',
          enumLabels: { '0': 'closed', '1': 'open' },
          points: valve,
        },
        { key: KEYS.rain, name: 'Rain gauge', unit: 'mm', kind: 'number' },
        {
          key: KEYS.mode,
          name: 'Pump mode',
          unit: '',
          kind: 'text',
          points: regularPoints(start, 60 * MINUTE, Math.floor(TEMPERATURE_POINTS / 60), (i) => modeAt(i)),
        },
      ],
    },
  ];
}
