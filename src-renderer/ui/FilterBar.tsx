import type { ReactNode } from 'react';
import './filterBar.css';

interface Props {
  /** What the field filters by, shown in it while empty. */
  placeholder: string;
  /** The field's accessible name. */
  label: string;
  value: string;
  onChange(text: string): void;
  /** Further controls after the field: selects, buttons. */
  children?: ReactNode;
  /** What the filter leaves, in words (`12 of 50 sources`); announced politely as it changes. */
  status?: ReactNode;
}

/** A search field with its controls and a count of what it leaves: the bar above a filtered list. */
export function FilterBar({ placeholder, label, value, onChange, children, status }: Props) {
  return (
    <div className="filter-bar">
      <input
        type="search"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {children}
      {status === undefined ? null : (
        <span className="muted small" aria-live="polite">
          {status}
        </span>
      )}
    </div>
  );
}
