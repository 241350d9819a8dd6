import { useState } from 'react';
import type { StreamRangeView } from '../../src-main/api/contract';
import { api } from '../api';
import { formatNumber } from '../ui/format';

const parseEnd = (text: string): number | null | 'bad' => {
  if (text.trim() === '') return null;
  const n = Number(text.replace(',', '.'));
  return Number.isFinite(n) ? n : 'bad';
};

/** The stream's own range: set here, drawn as a band on its charts, counted in the health overview. */
export function RangeEditor({ streamId, ranges, unit }: { streamId: number; ranges: StreamRangeView; unit: string }) {
  const [min, setMin] = useState(ranges.user?.min?.toString() ?? '');
  const [max, setMax] = useState(ranges.user?.max?.toString() ?? '');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const save = async (lo: string, hi: string) => {
    const a = parseEnd(lo);
    const b = parseEnd(hi);
    if (a === 'bad' || b === 'bad') return setMessage({ error: true, text: 'Both ends must be numbers, or empty.' });
    const r = await api.invoke('ranges:set', { streamId, min: a, max: b });
    setMessage(
      r.ok
        ? { error: false, text: a === null && b === null ? 'Your range is cleared.' : 'Saved.' }
        : { error: true, text: r.error },
    );
  };
  const vendor = ranges.vendor;
  return (
    <section aria-label="Range">
      <h3>Range</h3>
      {vendor ? (
        <p className="small">
          Vendor range: {vendor.min === null ? '−∞' : formatNumber(vendor.min)} to{' '}
          {vendor.max === null ? '+∞' : formatNumber(vendor.max)} {unit}
          {ranges.user ? ' (yours counts instead)' : ''}
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
          Lowest {unit}
          <input inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} aria-label="Lowest value" />
        </label>
        <label>
          Highest {unit}
          <input inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} aria-label="Highest value" />
        </label>
        <button type="submit">Save range</button>
        <button
          type="button"
          onClick={() => {
            setMin('');
            setMax('');
            void save('', '');
          }}
        >
          Clear
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
