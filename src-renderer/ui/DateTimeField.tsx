import { useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from '../i18n';
import { formatWallClock, parseWallClock } from './format';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** Wall-clock time, `YYYY-MM-DDTHH:mm` (`YYYY-MM-DD` with `dateOnly`; the caller knows its zone), or ''. */
  value: string;
  dateOnly?: boolean;
  onChange(value: string): void;
};

/**
 * A date and time typed in the app's language (`06.12.2026 07:00` in German), where the browser's
 * own date input would follow the browser's locale instead. ISO (`2026-12-06T07:00`) is read too.
 */
export function DateTimeField({ value, onChange, dateOnly = false, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => formatWallClock(value));
  // A new value from outside (zoom, preset, language) replaces what was being typed.
  const [shown, setShown] = useState({ value, text: formatWallClock(value) });
  if (shown.value !== value || shown.text !== formatWallClock(value)) {
    setShown({ value, text: formatWallClock(value) });
    setText(formatWallClock(value));
  }
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      className={dateOnly ? 'date-field' : 'datetime-field'}
      placeholder={t('common.dateExample', { example: formatWallClock(dateOnly ? '2026-12-31' : '2026-12-31T23:59') })}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseWallClock(e.target.value, !dateOnly);
        // An emptied field clears the value.
        if (e.target.value.trim() === '') onChange('');
        else if (parsed !== null) {
          setShown({ value: parsed, text: formatWallClock(parsed) });
          onChange(parsed);
        }
      }}
    />
  );
}
