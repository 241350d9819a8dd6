import type { StaleState } from '../../src-main/api/contract';
import { translate } from '../i18n';

interface HealthWords {
  readonly label: string;
  readonly shape: string;
  readonly hint: string;
}

/** A state's word and hint, looked up when read, so they follow a change of language. */
const words = (state: StaleState, shape: string): HealthWords => ({
  get label() {
    return translate(`health.${state}.label`);
  },
  shape,
  get hint() {
    return translate(`health.${state}.hint`);
  },
});

/** A source's staleness in words, with a shape, so it never rests on colour alone. */
export const HEALTH_WORDS: Record<StaleState, HealthWords> = {
  silent: words('silent', '■'),
  late: words('late', '▲'),
  ok: words('ok', '●'),
  unknown: words('unknown', '○'),
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
