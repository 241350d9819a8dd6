import { expect, it } from 'vitest';
import { exportFileName } from '../../../src-main/export/jobs';

const NOW = Date.UTC(2026, 11, 6, 9, 18, 39);
const day = (d: number) => Date.UTC(2026, 10, d) * 1000;

it('names one stream by its key, as before', () => {
  expect(exportFileName(['osf/plant/flow'], {}, 'csv', NOW)).toBe('tributary-osf-plant-flow-20261206-091839.csv');
});

it('names several streams by what their keys share, how many, and the range', () => {
  const keys = ['opticloud/dev1/level', 'opticloud/dev1/status', 'opticloud/dev1/battery'];
  expect(exportFileName(keys, { from: day(1), to: day(8) }, 'xlsx', NOW)).toBe(
    'tributary-opticloud-dev1-3-streams-20261101-20261107-20261206-091839.xlsx',
  );
  expect(exportFileName(['opti/1', 'opticloud/dev1/level'], {}, 'parquet', NOW)).toBe(
    'tributary-all-2-streams-all-data-20261206-091839.parquet',
  );
  expect(exportFileName(['opti/1', 'opti/2'], { from: day(1) }, 'json', NOW)).toBe(
    'tributary-opti-2-streams-20261101-end-20261206-091839.jsonl',
  );
});
