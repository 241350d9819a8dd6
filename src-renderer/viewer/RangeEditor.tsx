import { useState } from 'react';
import type { StreamRangeView } from '../../src-main/api/contract';
import { api } from '../api';
import { useTranslation } from '../i18n';
import { formatEditable, formatNumber } from '../ui/format';

/** An end as typed, with either decimal sign (`2,5` and `2.5`); null when empty. */
const parseEnd = (text: string): number | null | 'bad' => {
  if (text.trim() === '') return null;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : 'bad';
};

/** The stream's own range: set here, drawn as a band on its charts, counted in the health overview. */
export function RangeEditor({ streamId, ranges, unit }: { streamId: number; ranges: StreamRangeView; unit: string }) {
  const { t } = useTranslation();
  const [min, setMin] = useState(formatEditable(ranges.user?.min ?? null));
  const [max, setMax] = useState(formatEditable(ranges.user?.max ?? null));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const save = async (lo: string, hi: string) => {
    const a = parseEnd(lo);
    const b = parseEnd(hi);
    if (a === 'bad' || b === 'bad') return setMessage({ error: true, text: t('range.notNumbers') });
    const r = await api.invoke('ranges:set', { streamId, min: a, max: b });
    setMessage(
      r.ok
        ? { error: false, text: a === null && b === null ? t('range.cleared') : t('range.saved') }
        : { error: true, text: r.error },
    );
  };
  const vendor = ranges.vendor;
  return (
    <section aria-label={t('range.title')}>
      <h3>{t('range.title')}</h3>
      {vendor ? (
        <p className="small">
          {t('range.vendor', {
            min: vendor.min === null ? '−∞' : formatNumber(vendor.min),
            max: vendor.max === null ? '+∞' : formatNumber(vendor.max),
            unit,
          })}
          {ranges.user ? ` ${t('range.yoursCounts')}` : ''}
        </p>
      ) : null}
      <form
        className="range-editor"
        onSubmit={(e) => {
          e.preventDefault();
          void save(min, max);
        }}
      >
        <label>
          {t('range.lowest', { unit })}
          <input
            inputMode="decimal"
            value={min}
            onChange={(e) => setMin(e.target.value)}
            aria-label={t('range.lowestValue')}
          />
        </label>
        <label>
          {t('range.highest', { unit })}
          <input
            inputMode="decimal"
            value={max}
            onChange={(e) => setMax(e.target.value)}
            aria-label={t('range.highestValue')}
          />
        </label>
        <button type="submit">{t('range.save')}</button>
        <button
          type="button"
          onClick={() => {
            setMin('');
            setMax('');
            void save('', '');
          }}
        >
          {t('range.clear')}
        </button>
      </form>
      {message ? (
        <p className={`small ${message.error ? 'error' : 'muted'}`} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
