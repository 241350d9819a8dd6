import { useEffect } from 'react';
import { useChannel } from '../useApi';
import { heldByText } from './intervals';

/** How often the notice asks whether the other syncer has finished: no event says so. */
const POLL_MS = 15_000;

/** A line saying another process (a `tributary sync`) is syncing this workspace, while it does. */
export function HeldByNotice() {
  const status = useChannel('sync:status', {});
  const { reload } = status;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const holder = status.value?.heldBy;
  return holder ? (
    <p className="warning small held-by" role="status">
      {heldByText(holder)}
    </p>
  ) : null;
}
