import { expect, test } from '@playwright/test';
import { writeOsf4 } from '../../src-main/simulators/opticloud/osf-writer';
import { startServe, tempDataDir, type Served } from './helpers';

const KEY = 'osf/plant/flow';
const START_MS = Date.UTC(2026, 5, 1);
const MINUTE_MS = 60_000;

let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  data = tempDataDir();
  served = await startServe(data.dir);
});
test.afterAll(async () => {
  await served?.stop();
  data?.remove();
});

/** An OSF file of the logger "plant" with `count` flow samples a minute apart from `fromMs`. */
function plantFile(fromMs: number, count: number): Buffer {
  const samples = Array.from({ length: count }, (_, i) => ({
    ns: BigInt(fromMs + i * MINUTE_MS) * 1_000_000n,
    value: 10 + (i % 7),
  }));
  return writeOsf4(
    {
      creator: 'plant',
      createdMs: fromMs,
      tag: 'preview',
      sequenceNumber: 1,
      channels: [{ channel: { name: 'flow', unit: 'l/s', datatype: 'double' }, samples }],
    },
    fromMs + count * MINUTE_MS,
  );
}

/** Data landing in the store from outside the page: the upload and import calls any client makes. */
async function land(bytes: Buffer): Promise<void> {
  const auth = { authorization: `Bearer ${served.token}` };
  const uploaded = await fetch(`${served.origin}/api/upload`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream', 'x-file-name': 'plant.osf' },
    body: new Uint8Array(bytes),
  });
  expect(uploaded.status).toBe(200);
  const { path } = (await uploaded.json()) as { path: string };
  const imported = await fetch(`${served.origin}/api/invoke/osf:import`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ paths: [path] }),
  });
  expect(await imported.text()).toContain('"ok":true');
}

test('an open chart takes in data that lands while it is shown, without a reload', async ({ page }) => {
  await land(plantFile(START_MS, 120));
  await page.goto(served.url);
  await page.locator(`[role=treeitem][data-stream-key="${KEY}"]`).click();
  const legendRow = page.locator(`.legend tbody tr[data-stream-key="${KEY}"]`);
  await expect(legendRow).toHaveAttribute('data-count', '120');
  const tree = page.locator(`[role=treeitem][data-stream-key="${KEY}"]`);
  await expect(tree).toContainText('120 pts');
  const span = page.locator('.span-label');
  await expect(span).toHaveText('1 h 59 min');

  // The next two hours arrive (as a sync or another import would write them) while the page is open.
  await land(plantFile(START_MS + 120 * MINUTE_MS, 120));
  await expect(legendRow).toHaveAttribute('data-count', '240', { timeout: 10_000 });
  await expect(tree).toContainText('240 pts');
  // The "All" range follows the data: it now spans both files.
  await expect(span).toHaveText('3 h 59 min');
});
