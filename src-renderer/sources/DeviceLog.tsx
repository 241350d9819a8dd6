import type { SourceEvent, SourceHealth } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { useChannel } from '../useApi';
import { formatCount, formatDateTime, formatRelative, formatTime, US_PER_MS } from '../ui/format';

const LOG_LIMIT = 500;
const DAY_US = 86_400e6;
const STRIP_DAYS = 7;

/** Event types the catalog says in words (`deviceLog.event.*`); an unknown type shows as the vendor wrote it. */
const KNOWN_TYPES = ['PING', 'ATTN', 'FILE_RESPONSE', 'LIST_FILES'] as const;
const isKnownType = (type: string): type is (typeof KNOWN_TYPES)[number] =>
  (KNOWN_TYPES as readonly string[]).includes(type);

/** `06.12.2026 07:00:12 (vor 20 Min.)`: when, in the locale's words, and how long ago. */
function lastCallText(us: number): string {
  const ms = us / US_PER_MS;
  return `${formatDateTime(ms, undefined, true)} (${formatRelative(ms)})`;
}

/** Failed calls are the events whose type or text says so. */
const failed = (e: SourceEvent) => /fail|error|timeout/i.test(`${e.type} ${e.details}`);

/** A device's communication log: the last call in, a week's strip of marks, and the entries newest first. */
export function DeviceLog({ source }: { source: SourceHealth }) {
  const { t } = useTranslation();
  const log = useChannel('sources:events', { sourceId: source.id, limit: LOG_LIMIT }, [source.id]);
  const events = log.value ?? [];
  const lastCall = events.find((e) => e.type === 'PING');
  const failures = events.filter(failed).length;
  const fileResponses = events.filter((e) => e.type === 'FILE_RESPONSE').length;
  return (
    <section className="device-log" aria-label={t('deviceLog.label', { name: source.name })} data-testid="device-log">
      <h3>{t('deviceLog.title', { name: source.name })}</h3>
      {log.error ? (
        <p className="error" role="alert">
          {log.error}
        </p>
      ) : null}
      <p>
        {t('deviceLog.lastCall')} <strong>{lastCall ? lastCallText(lastCall.ts) : t('common.never')}</strong>
        {' · '}
        {failures === 0
          ? t('deviceLog.noFailedCalls')
          : t('deviceLog.failedCalls', { count: failures, formatted: formatCount(failures) })}
        {' · '}
        {t('deviceLog.fileResponses', { count: fileResponses, formatted: formatCount(fileResponses) })}
      </p>
      {events.length > 0 ? <EventStrip events={events} /> : <p className="muted">{t('deviceLog.noEvents')}</p>}
      <ol className="event-list">
        {events.slice(0, 100).map((e) => (
          <li key={`${e.ts}:${e.type}:${e.details}`} className={failed(e) ? 'error' : undefined}>
            <span className="mono small">{formatTime(e.ts, undefined)}</span>{' '}
            <strong>{isKnownType(e.type) ? t(`deviceLog.event.${e.type}`) : e.type}</strong>{' '}
            <span className="muted">{e.details}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The last week before the newest event, one mark per event; file responses and failures stand out. */
function EventStrip({ events }: { events: SourceEvent[] }) {
  const { t } = useTranslation();
  const end = events[0].ts;
  const start = end - STRIP_DAYS * DAY_US;
  const x = (ts: number) => ((ts - start) / (end - start)) * 100;
  return (
    <svg
      className="event-strip"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={t('deviceLog.strip')}
    >
      {Array.from({ length: STRIP_DAYS + 1 }, (_, d) => (
        <line key={d} x1={(d / STRIP_DAYS) * 100} x2={(d / STRIP_DAYS) * 100} y1={0} y2={10} className="strip-day" />
      ))}
      {events
        .filter((e) => e.ts >= start)
        .map((e) => (
          <rect
            key={`${e.ts}:${e.type}:${e.details}`}
            x={x(e.ts)}
            y={failed(e) ? 0 : e.type === 'PING' ? 6 : 2}
            width={0.25}
            height={failed(e) ? 10 : 4}
            className={`strip-${failed(e) ? 'failed' : e.type === 'PING' ? 'ping' : 'other'}`}
          />
        ))}
    </svg>
  );
}
