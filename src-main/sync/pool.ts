/**
 * A small bounded worker pool: at most `size` calls of `work` at once, items taken from the front of
 * `queue`. The queue may grow while the pool runs (work may push items back, e.g. a batch split up);
 * the pool ends when it is empty and every call has settled. `work` handles its own failures.
 */
export async function runPool<T>(queue: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, queue.length)) }, worker));
}
