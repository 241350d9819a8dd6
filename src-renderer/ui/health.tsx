import type { StaleState } from '../../src-main/api/contract';

/** A source's staleness in words, with a shape, so it never rests on colour alone. */
export const HEALTH_WORDS: Record<StaleState, { label: string; shape: string; hint: string }> = {
  silent: { label: 'silent', shape: '■', hint: 'No contact for ten times its usual interval (or a week).' },
  late: { label: 'late', shape: '▲', hint: 'No contact for twice its usual interval (or a day).' },
  ok: { label: 'ok', shape: '●', hint: 'In contact on time.' },
  unknown: { label: 'no contact yet', shape: '○', hint: 'No contact and no data yet.' },
};

/** Worst first: the order the Sources screen sorts by. */
export const HEALTH_ORDER: StaleState[] = ['silent', 'late', 'unknown', 'ok'];

/** The state as a small badge: shape and word, coloured by `health-<state>` in styles.css. */
export function HealthBadge({ state, compact = false }: { state: StaleState; compact?: boolean }) {
  const w = HEALTH_WORDS[state];
  return (
    <span className={`health health-${state}`} title={w.hint} data-state={state}>
      <span aria-hidden="true">{w.shape}</span>
      {compact ? <span className="visually-hidden">{w.label}</span> : ` ${w.label}`}
    </span>
  );
}
