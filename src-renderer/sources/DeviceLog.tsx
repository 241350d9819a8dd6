import type { SourceEvent, SourceHealth } from '../../src-main/api/contract';
import { useChannel } from '../useApi';
import { formatTime } from '../ui/format';

const LOG_LIMIT = 500;
const DAY_US = 86_400e6;
const STRIP_DAYS = 7;

/** Event types in words; an unknown type shows as the vendor wrote it. */
const TYPE_WORDS: Record<string, string> = {
  PING: 'called in',
  ATTN: 'asked for attention',
  FILE_RESPONSE: 'sent a file',
  LIST_FILES: 'was asked for its file list',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Failed calls are the events whose type or text says so. */
const failed = (e: SourceEvent) => /fail|error|timeout/i.test(`${e.type} ${e.details}`);

/** A device's communication log: the last call in, a week's strip of marks, and the entries newest first. */
export function DeviceLog({ source }: { source: SourceHealth }) {
  const log = useChannel('sources:events', { sourceId: source.id, limit: LOG_LIMIT }, [source.id]);
  const events = log.value ?? [];
  const lastCall = events.find((e) => e.type === 'PING');
  const failures = events.filter(failed).length;
  return (
    <section className="device-log" aria-label={`Device log of ${source.name}`} data-testid="device-log">
      <h3>Device log — {source.name}</h3>
      {log.error ? (
        <p className="error" role="alert">
          {log.error}
        </p>
      ) : null}
      <p>
        Last called in: <strong>{lastCall ? formatTime(lastCall.ts, undefined) : 'never'}</strong>
        {' · '}
        {failures === 0 ? 'no failed calls' : plural(failures, 'failed call')}
        {' · '}
        {plural(events.filter((e) => e.type === 'FILE_RESPONSE').length, 'file response')}
      </p>
      {events.length > 0 ? <EventStrip events={events} /> : <p className="muted">No events stored yet.</p>}
      <ol className="event-list">
        {events.slice(0, 100).map((e) => (
          <li key={`${e.ts}:${e.type}:${e.details}`} className={failed(e) ? 'error' : undefined}>
            <span className="mono small">{formatTime(e.ts, undefined)}</span>{' '}
            <strong>{TYPE_WORDS[e.type] ?? e.type}</strong> <span className="muted">{e.details}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The last week before the newest event, one mark per event; file responses and failures stand out. */
function EventStrip({ events }: { events: SourceEvent[] }) {
  const end = events[0].ts;
  const start = end - STRIP_DAYS * DAY_US;
  const x = (ts: number) => ((ts - start) / (end - start)) * 100;
  return (
    <svg
      className="event-strip"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label="Events over the last week"
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
