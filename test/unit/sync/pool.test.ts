import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src-main/sync/pool';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runPool', () => {
  it('runs every item with at most `size` at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick();
      done.push(n);
      running--;
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('takes items pushed while it runs, and ends on an empty queue', async () => {
    const queue = [[1, 2], [3]];
    const seen: number[][] = [];
    await runPool(queue, 2, async (batch) => {
      seen.push(batch);
      await tick();
      if (batch.length > 1) queue.push(...batch.map((n) => [n]));
    });
    expect(seen).toEqual([[1, 2], [3], [1], [2]]);
    await runPool([], 4, () => Promise.reject(new Error('never called')));
  });
});
