import { expect, test, type Page } from '@playwright/test';
import { openWorkspace } from '../../src-main/workspace';
import { streamByKey } from '../../src-main/store/catalog';
import { pointsInRange, rangeStats } from '../../src-main/store/points';
import { formatNumber } from '../../src-renderer/ui/format';
import { seedWorkspace, startServe, tempDataDir, type Served } from './helpers';
import { KEYS, modeAt, viewerFixture } from './viewer-fixture';

let served: Served;
let data: ReturnType<typeof tempDataDir>;

test.beforeAll(async () => {
  data = tempDataDir();
  seedWorkspace(data.dir, viewerFixture(Date.now()));
  served = await startServe(data.dir);
});

test.afterAll(async () => {
  await served?.stop();
  data?.remove();
});

/** Reads the store directly, as the truth the UI must agree with. */
function withStore<T>(read: (ws: ReturnType<typeof openWorkspace>) => T): T {
  const ws = openWorkspace(data.dir);
  try {
    return read(ws);
  } finally {
    ws.close();
  }
}

const streamItem = (page: Page, key: string) => page.locator(`[role=treeitem][data-stream-key="${key}"]`);
const charts = (page: Page) => page.getByTestId('chart');
const legendRow = (page: Page, key: string) => page.locator(`.legend tr[data-stream-key="${key}"]`).first();

async function visibleRange(page: Page): Promise<{ from: number; to: number }> {
  const viewer = page.getByTestId('viewer');
  return { from: Number(await viewer.getAttribute('data-from')), to: Number(await viewer.getAttribute('data-to')) };
}

const spanOf = (r: { from: number; to: number }) => r.to - r.from;

async function open(page: Page) {
  await page.goto(served.url);
  await expect(page.getByRole('tree')).toBeVisible();
}

test('two streams of different units are plotted on their own axes (by click and by keyboard)', async ({ page }) => {
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  await expect(charts(page)).toHaveCount(1);

  // Keyboard: from the filter box into the tree, find the level stream, Enter adds it.
  await page.getByLabel('Filter streams').fill('mm');
  await page.getByLabel('Filter streams').press('ArrowDown');
  const focused = page.locator('[role=treeitem]:focus');
  for (let i = 0; i < 4 && (await focused.getAttribute('data-stream-key')) !== KEYS.level; i++)
    await page.keyboard.press('ArrowDown');
  await expect(focused).toHaveAttribute('data-stream-key', KEYS.level);
  await page.keyboard.press('Enter');

  const chart = charts(page).first();
  await expect(chart).toHaveAttribute('data-streams', '2');
  await expect(chart).toHaveAttribute('data-y-axes', '2');
  await expect(chart).toHaveAttribute('data-units', '°C|mm');
  await expect(streamItem(page, KEYS.level)).toHaveAttribute('aria-selected', 'true');
  await expect(chart.locator('canvas')).toHaveCount(1);
});

test('a range preset re-queries, and the legend shows the store’s min, max and mean for that range', async ({
  page,
}) => {
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  await streamItem(page, KEYS.level).click();
  await page.getByRole('button', { name: '7 d' }).click();
  await expect(page.getByRole('button', { name: '7 d' })).toHaveAttribute('aria-pressed', 'true');
  const range = await visibleRange(page);
  expect(range.to - range.from).toBe(7 * 24 * 3600 * 1e6);

  for (const key of [KEYS.temperature, KEYS.level]) {
    const expected = withStore((ws) => rangeStats(ws.db, streamByKey(ws.db, key)!.id, range.from, range.to));
    expect(expected.count).toBeGreaterThan(1000);
    const row = legendRow(page, key);
    await expect(row).toHaveAttribute('data-count', String(expected.count));
    await expect(row).toHaveAttribute('data-min', String(expected.min));
    await expect(row).toHaveAttribute('data-max', String(expected.max));
    await expect(row).toHaveAttribute('data-mean', String(expected.mean));
    await expect(row.locator('.legend-min')).toHaveText(formatNumber(expected.min));
    await expect(row.locator('.legend-max')).toHaveText(formatNumber(expected.max));
    await expect(row.locator('.legend-mean')).toHaveText(formatNumber(expected.mean));
  }
  // A week of minute data is thinned to min/max buckets, not sent raw.
  await expect(charts(page).first()).toHaveAttribute('data-detail', 'buckets');

  // Dragging across the plot zooms in; the legend follows the new range.
  const over = charts(page).first().locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.41, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByRole('button', { name: '7 d' })).toHaveAttribute('aria-pressed', 'false');
  const zoomed = await visibleRange(page);
  expect(zoomed.to - zoomed.from).toBeLessThan(range.to - range.from);
  const zoomedCount = withStore(
    (ws) => rangeStats(ws.db, streamByKey(ws.db, KEYS.temperature)!.id, zoomed.from, zoomed.to).count,
  );
  await expect(legendRow(page, KEYS.temperature)).toHaveAttribute('data-count', String(zoomedCount));
  await expect(charts(page).first()).toHaveAttribute('data-detail', 'raw');

  // The wheel zooms around the pointer; shift+drag pans without changing the span.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -200);
  await expect.poll(async () => spanOf(await visibleRange(page))).toBeLessThan(spanOf(zoomed));
  const wheeled = await visibleRange(page);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const panned = await visibleRange(page);
  expect(spanOf(panned)).toBeCloseTo(spanOf(wheeled), -1);
  expect(panned.from).toBeLessThan(wheeled.from);
});

test('an enumerated stream is drawn on its own chart with its labels', async ({ page }) => {
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  await streamItem(page, KEYS.valve).dragTo(page.getByTestId('drop-zone'));
  await expect(charts(page)).toHaveCount(2);
  const valveChart = charts(page).nth(1);
  await expect(valveChart).toHaveAttribute('data-units', 'Inlet valve');
  const row = legendRow(page, KEYS.valve);
  await expect(row.locator('.legend-min')).toHaveText('closed');
  await expect(row.locator('.legend-max')).toHaveText('open');
  // Zoomed to a day the valve's hourly states arrive raw; the crosshair reads the label under it.
  await page.getByRole('button', { name: '24 h' }).click();
  await expect(valveChart).toHaveAttribute('data-detail', 'raw');
  const box = (await valveChart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(row.locator('.legend-value')).toHaveText(/^(open|closed)$/);
  // The crosshair is shared: the other chart's legend shows a value for the same moment.
  await expect(legendRow(page, KEYS.temperature).locator('.legend-value')).not.toHaveText('');
  await expect(streamItem(page, KEYS.valve).locator('.stream-last')).toHaveText(/^(open|closed)$/);
});

test('a saved view reopens with the same charts, streams and range', async ({ page }) => {
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  await streamItem(page, KEYS.level).click();
  await streamItem(page, KEYS.valve).dragTo(page.getByTestId('drop-zone'));
  await page.getByRole('button', { name: '30 d' }).click();
  await page.getByRole('button', { name: 'Pan earlier' }).click();
  const range = await visibleRange(page);
  // With the details open the row is narrow: the time zone and saved views wait in the More menu.
  await page.getByRole('button', { name: 'More chart controls' }).click();
  await page.getByLabel('Time zone').selectOption('source');

  await page.getByRole('button', { name: 'Save view' }).click();
  await page.getByLabel('View name').fill('Pump 3 overview');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('viewer-message')).toContainText('Saved view');

  await page.reload();
  await expect(page.getByText('Pick a stream in the tree')).toBeVisible();
  await page.getByRole('button', { name: 'More chart controls' }).click();
  await page.getByLabel('Saved views').selectOption({ label: 'Pump 3 overview' });
  await expect(charts(page)).toHaveCount(2);
  await expect(charts(page).nth(0)).toHaveAttribute('data-streams', '2');
  await expect(charts(page).nth(1)).toHaveAttribute('data-units', 'Inlet valve');
  expect(await visibleRange(page)).toEqual(range);
  await expect(page.getByTestId('viewer')).toHaveAttribute('data-zone', 'Europe/Berlin');
  await expect(legendRow(page, KEYS.level)).toBeVisible();
});

test('the table lists raw points aligned by time and copies them', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  await streamItem(page, KEYS.level).click();
  // Two hours, set through the custom range fields (UTC, the default zone).
  const last = withStore((ws) => streamByKey(ws.db, KEYS.level)!.id);
  const lastTs = withStore((ws) => rangeStats(ws.db, last, 0, Number.MAX_SAFE_INTEGER).lastTs!);
  const to = Math.floor(lastTs / 3_600e6) * 3_600e6;
  const from = to - 2 * 3_600e6;
  const iso = (us: number) => new Date(us / 1000).toISOString().slice(0, 16);
  await page.getByRole('button', { name: 'More chart controls' }).click();
  await page.getByLabel('From', { exact: true }).fill(iso(from));
  await page.getByLabel('From', { exact: true }).press('Enter');
  await page.getByLabel('To', { exact: true }).fill(iso(to));
  await page.getByLabel('To', { exact: true }).press('Enter');
  expect(await visibleRange(page)).toEqual({ from, to });

  await page.getByRole('button', { name: 'Table' }).click();
  const expected = withStore((ws) => {
    const rows = new Map<number, (number | string | null)[]>();
    [KEYS.temperature, KEYS.level].forEach((key, col) => {
      for (const p of pointsInRange(ws.db, streamByKey(ws.db, key)!.id, from, to)) {
        const row = rows.get(p.ts) ?? [null, null];
        row[col] = p.value;
        rows.set(p.ts, row);
      }
    });
    return [...rows.entries()].sort(([a], [b]) => a - b);
  });
  expect(expected.length).toBe(120);
  await expect(page.getByTestId('table-count')).toHaveText('120 rows');
  const utc = (us: number) => new Date(us / 1000).toISOString().replace('T', ' ').slice(0, 19);
  const shown = (v: number | string | null) => (v === null ? '' : formatNumber(v as number));
  // Where only the temperature has a point, the level cell is empty; both appear every 5 minutes.
  const both = expected.findIndex(([, cells]) => cells.every((c) => c !== null));
  const onlyTemperature = expected.findIndex(([, cells]) => cells[1] === null);
  expect(both).toBeGreaterThanOrEqual(0);
  expect(onlyTemperature).toBeGreaterThanOrEqual(0);
  for (const r of [0, both, onlyTemperature]) {
    const [ts, cells] = expected[r];
    await expect(page.locator(`.table-row[aria-rowindex="${r + 1}"] [role=cell]`)).toHaveText([
      utc(ts),
      ...cells.map(shown),
    ]);
  }
  // Virtualized: far fewer rows in the DOM than the table holds once it is long.
  expect(await page.locator('.table-row').count()).toBeLessThanOrEqual(120);

  await page.getByRole('button', { name: 'Copy' }).click();
  const tsv = await page.evaluate(() => navigator.clipboard.readText());
  const lines = tsv.trimEnd().split('\n');
  expect(lines[0]).toBe('time\tWater temperature (°C)\tWet well level (mm)');
  expect(lines).toHaveLength(121);
  expect(lines[both + 1].split('\t')).toEqual([utc(expected[both][0]), ...expected[both][1].map(String)]);
  expect(lines[onlyTemperature + 1].split('\t')).toEqual([
    utc(expected[onlyTemperature][0]),
    String(expected[onlyTemperature][1][0]),
    '',
  ]);
});

test('details, empty stream and offline states read plainly', async ({ page, context }) => {
  await open(page);
  await streamItem(page, KEYS.rain).click();
  await expect(page.getByText('The charted streams hold no points yet')).toBeVisible();
  await expect(streamItem(page, KEYS.rain)).toContainText('not synced yet');
  await streamItem(page, KEYS.temperature).click();
  const details = page.getByRole('complementary', { name: 'Stream details' });
  await expect(details).toContainText(KEYS.temperature);
  await expect(details).toContainText('Temp 1');
  await expect(details).toContainText('The vendor reported no data (logger offline)');
  await expect(streamItem(page, KEYS.level).locator('.stream-error')).toBeVisible();

  await context.setOffline(true);
  await expect(page.getByText('Offline — showing the local copy').first()).toBeVisible();
  await context.setOffline(false);
});

test('a text stream is a state timeline; legends of states give the share of time in each', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await open(page);
  await streamItem(page, KEYS.mode).click();
  await page.getByRole('button', { name: 'All', exact: true }).click();
  const timeline = page.getByTestId('state-timeline');
  await expect(timeline).toHaveAttribute('data-states', 'AUTO|OFFLINE');
  // Three hours AUTO, one OFFLINE, over the whole range: the store's points say the same.
  const points = withStore((ws) => [...pointsInRange(ws.db, streamByKey(ws.db, KEYS.mode)!.id)]);
  expect(points.slice(0, 8).map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(modeAt));
  await expect(legendRow(page, KEYS.mode).locator('.legend-shares')).toHaveText('AUTO 75 % · OFFLINE 25 %');

  // A day holds six runs of each state; the wide ones carry their label.
  await page.getByRole('button', { name: '24 h' }).click();
  await expect(timeline.locator('.state-band[data-state="AUTO"]').filter({ hasText: 'AUTO' }).first()).toBeVisible();
  await expect(timeline.locator('.state-band[data-state="OFFLINE"]').first()).toBeVisible();

  // The enumerated valve keeps its min and max labels; its last column is its share of time per state.
  await streamItem(page, KEYS.valve).click();
  await expect(legendRow(page, KEYS.valve).locator('.legend-shares')).toHaveText(
    /^(closed|open) \d+ % · (closed|open) \d+ %$/,
  );

  // Range fields read in the app's language (English: month/day/year, 24-hour clock), not the browser's picker.
  await expect(page.getByLabel('From', { exact: true })).toHaveValue(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
});

test('a chart fills the window and its bottom edge resizes it', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await open(page);
  await streamItem(page, KEYS.temperature).click();
  const chart = charts(page).first();
  const canvas = chart.locator('canvas');
  await expect(canvas).toHaveCount(1);
  const before = (await chart.boundingBox())!;
  expect(before.height).toBeGreaterThan(500);
  const handle = (await chart.getByRole('separator', { name: 'Drag to resize the chart' }).boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2, handle.y - 200, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await chart.boundingBox())!.height).toBeLessThan(before.height - 150);
  // The plot follows its box: uPlot is resized, not clipped.
  await expect.poll(async () => (await canvas.boundingBox())!.height).toBeLessThan(before.height - 200);
});

test('the chart toolbar keeps to one row beside the details, in English and German, and puts the rest in More', async ({
  browser,
}) => {
  for (const lang of ['en', 'de'] as const) {
    const context = await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-US' });
    const page = await context.newPage();
    const more = page.getByRole('button', {
      name: lang === 'de' ? 'Weitere Diagramm-Steuerelemente' : 'More chart controls',
    });
    const toolbar = page.getByRole('toolbar');
    // One row: the items span no more height than the tallest of them, and none passes the right edge.
    const rowOf = () =>
      toolbar.evaluate((el) => {
        const boxes = [...el.querySelectorAll(':scope > [data-item]:not([hidden])')].map((c) =>
          c.getBoundingClientRect(),
        );
        return {
          span: Math.max(...boxes.map((r) => r.bottom)) - Math.min(...boxes.map((r) => r.top)),
          tallest: Math.max(...boxes.map((r) => r.height)),
          right: Math.max(...boxes.map((r) => r.right)),
          edge: el.getBoundingClientRect().right,
        };
      });
    for (const width of [1400, 1100]) {
      await page.setViewportSize({ width, height: 800 });
      await open(page);
      await streamItem(page, KEYS.mode).click();
      await expect(
        page.getByRole('complementary', { name: lang === 'de' ? 'Details des Datenstroms' : 'Stream details' }),
      ).toBeVisible();
      const row = await rowOf();
      expect(row.span, `${lang} ${width}`).toBeLessThanOrEqual(row.tallest + 1);
      expect(row.right, `${lang} ${width}`).toBeLessThanOrEqual(row.edge);
      // What left the row is one click away, and nothing is lost: presets, range, zone, export, views.
      await expect(toolbar.locator('[data-preset="7d"]')).toHaveCount(1);
      if (await more.isVisible()) await more.click();
      await expect(page.getByLabel(lang === 'de' ? 'Von' : 'From', { exact: true })).toBeVisible();
      await expect(page.getByLabel(lang === 'de' ? 'Zeitzone' : 'Time zone')).toBeVisible();
      await page.screenshot({ path: `test-results/screenshots/toolbar-${lang}-${width}.png` });
      await page.keyboard.press('Escape');
    }
    // At 1400 px the custom range stays in the row, in both languages.
    await page.setViewportSize({ width: 1400, height: 800 });
    await expect(toolbar.locator(':scope > [data-item="range"]')).toBeVisible();
    await context.close();
  }
});
