import type { StaleState } from '../../src-main/api/contract';
import { translate, useTranslation } from '../i18n';

/** A source's staleness as a shape beside its word, so it never rests on colour alone. */
export const HEALTH_SHAPES: Record<StaleState, string> = { silent: '■', late: '▲', ok: '●', unknown: '○' };

/** Worst first: the order the Sources screen sorts by. */
export const HEALTH_ORDER: StaleState[] = ['silent', 'late', 'unknown', 'ok'];

/** The state in words (`silent`, `verstummt`) in the chosen language. */
export const healthLabel = (state: StaleState): string => translate(`health.${state}.label`);

/** The state as a small badge: shape and word, coloured by `health-<state>` in styles.css. */
export function HealthBadge({ state, compact = false }: { state: StaleState; compact?: boolean }) {
  const { t } = useTranslation();
  const label = t(`health.${state}.label`);
  return (
    <span className={`health health-${state}`} title={t(`health.${state}.hint`)} data-state={state}>
      <span aria-hidden="true">{HEALTH_SHAPES[state]}</span>
      {compact ? <span className="visually-hidden">{label}</span> : ` ${label}`}
    </span>
  );
}
