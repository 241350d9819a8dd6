import type { ReactNode } from 'react';

interface Props {
  /** `warning` (the default) for things to act on, `info` for progress and notices, `error` for failures. */
  kind?: 'warning' | 'info' | 'error';
  /** Extra class names, for a screen's own layout. */
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** A strip across the top of a view; errors are announced as alerts, the rest as status. */
export function Banner({ kind = 'warning', className, testId, children }: Props) {
  const classes = ['banner', kind === 'warning' ? null : kind, className].filter(Boolean).join(' ');
  return (
    <div className={classes} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}
