/**
 * A date-time field in the app's one style, `YYYY-MM-DD HH:mm` on a 24-hour clock, rather than the
 * browser's `datetime-local` picker, which shows the OS locale's format (US: 12-hour, month first).
 * Values travel as `YYYY-MM-DDTHH:mm` (see viewer/time.ts `toInputValue`); a typed space or `T` both read.
 */
export function DateTimeInput({
  label,
  value,
  dateOnly,
  disabled,
  onChange,
  onCommit,
}: {
  label: string;
  value: string;
  /** A day alone, `YYYY-MM-DD`. */
  dateOnly?: boolean;
  disabled?: boolean;
  onChange(value: string): void;
  /** Enter or leaving the field: the moment to act on what was typed. */
  onCommit?(): void;
}) {
  return (
    <input
      type="text"
      className="date-time-input"
      aria-label={label}
      placeholder={dateOnly ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm'}
      inputMode="numeric"
      spellCheck={false}
      value={value.replace('T', ' ')}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value.trim().replace(' ', 'T'))}
      onBlur={onCommit}
      onKeyDown={(e) => e.key === 'Enter' && onCommit?.()}
    />
  );
}
