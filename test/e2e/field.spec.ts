import { expect, test, type Page } from '@playwright/test';
import { insertAccount, upsertSource, upsertStream } from '../../src-main/store/catalog';
import { insertEvents } from '../../src-main/store/events';
import { setRange } from '../../src-main/store/ranges';
import { recordSourceFacts } from '../../src-main/store/sources';
import { openWorkspace } from '../../src-main/workspace';
import { regularPoints, seedWorkspace, startServe, tempDataDir, type Served } from './helpers';

/**
 * The field view (issue 18) in Chromium: the Sources screen puts a silent logger first, a chart draws
 * a stream's range as a band and counts the values outside it, the offline map shows one marker per
 * located source and opens it, and no request ever leaves 127.0.0.1.
 */

const MIN_US = 60e6;
const NOW_US = Date.now() * 1000;
const STEP = 10 * MIN_US;
const SHOTS = 'test-results/screenshots';

const data = tempDataDir();
let served: Served;
/** Every URL the page asked for, across the whole file. */
const requested: string[] = [];

/** 3 values of 144 are above the 8 °C band: the excursions the chart must count. */
const southValue = (i: number) => (i % 48 === 7 ? 11 : 4 + (i % 5) * 0.5);

test.beforeAll(async () => {
  const ids = seedWorkspace(data.dir, [
    {
      name: 'Logger North',
      vendorRef: 'north',
      streams: [
        {
          key: 'osf/north/level',
          name: 'Water level',
          unit: 'm',
          kind: 'number',
          points: regularPoints(NOW_US - 4 * 86_400e6, STEP, 144, (i) => 1 + i / 1000),
        },
      ],
    },
    {
      name: 'Logger South',
      vendorRef: 'south',
      streams: [
        {
          key: 'osf/south/temp',
          name: 'Cold room temperature',
          unit: '°C',
          kind: 'number',
          points: regularPoints(NOW_US - 144 * STEP, STEP, 144, southValue),
        },
      ],
    },
    { name: 'Depot pump', vendorRef: 'depot', streams: [] },
  ]);
  const ws = openWorkspace(data.dir);
  try {
    const id = (ref: string) =>
      (ws.db.prepare('SELECT id FROM sources WHERE vendor_ref = ?').get(ref) as { id: number }).id;
    const facts = { info: {}, lastContact: null, online: null };
    recordSourceFacts(ws.db, id('north'), { ...facts, location: { lat: 53.55, lon: 9.99 } });
    recordSourceFacts(ws.db, id('south'), { ...facts, location: { lat: 48.14, lon: 11.58 } });
    setRange(ws.db, ids.get('osf/south/temp') as number, 'vendor', { min: 2, max: 8 });
    // A logger with a communication log: an optiCLOUD account's device.
    insertAccount(ws.db, {
      id: 'acc-oc',
      vendor: 'opticloud',
      name: 'Field loggers',
      baseUrl: 'http://127.0.0.1:9',
      options: {},
      createdAt: Date.now(),
    });
    const device = upsertSource(ws.db, { accountId: 'acc-oc', vendorRef: 'dev-7', name: 'River gauge 7' });
    recordSourceFacts(ws.db, device, {
      info: { type: 'smartCORE' },
      location: { lat: 50.94, lon: 6.96 },
      lastContact: NOW_US - 30 * MIN_US,
      online: null,
    });
    upsertStream(
      ws.db,
      {
        key: 'opticloud/dev-7/level',
        vendor: 'opticloud',
        accountId: 'acc-oc',
        sourceId: device,
        name: 'Level',
        unit: 'cm',
        kind: 'number',
      },
      Date.now(),
    );
    insertEvents(
      ws.db,
      device,
      Array.from({ length: 48 }, (_, h) => ({
        ts: NOW_US - (h + 0.5) * 60 * MIN_US,
        type: 'PING',
        details: 'ping (from the device)',
      })).concat([
        { ts: NOW_US - 5 * 60 * MIN_US, type: 'FILE_RESPONSE', details: '/sde/20261120_1200.osfz (from the device)' },
        { ts: NOW_US - 26 * 60 * MIN_US, type: 'ATTN', details: 'call failed: timeout (from the device)' },
      ]),
    );
  } finally {
    ws.close();
  }
  served = await startServe(data.dir);
});

test.afterAll(async () => {
  await served?.stop();
  data.remove();
});

async function open(page: Page, tab: string) {
  page.on('request', (r) => requested.push(r.url()));
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(served.url);
  await page.getByRole('tab', { name: tab }).click();
}

async function bothThemes(page: Page, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the Sources screen puts the silent logger first, in words, and shows a device log', async ({ page }) => {
  await open(page, 'Sources');
  const rows = page.getByTestId('source-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute('data-key', 'osf/north');
  await expect(rows.first()).toContainText('silent');
  await expect(page.locator('[data-key="osf/south"]')).toContainText('3');
  await expect(page.locator('[data-key="osf/south"]')).toContainText('ok');
  // The tree carries the same state as a badge.
  await expect(page.getByRole('navigation', { name: 'Streams' }).locator('[data-state="silent"]')).toHaveCount(1);
  await bothThemes(page, 'sources');

  await page.getByRole('combobox', { name: 'Health' }).selectOption('silent');
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Health' }).selectOption('all');

  await page.locator('[data-key="opticloud/dev-7"]').click();
  const log = page.getByTestId('device-log');
  await expect(log).toContainText('Last called in');
  await expect(log).toContainText('1 failed call');
  await expect(log.getByText('sent a file')).toBeVisible();
  await log.scrollIntoViewIfNeeded();
  await bothThemes(page, 'device-log');
});

test('a stream’s range is a band on its chart, with the values outside it counted', async ({ page }) => {
  await open(page, 'Sources');
  await page
    .locator('[data-key="osf/south"]')
    .getByRole('button', { name: /Open 1 stream/ })
    .click();
  const chart = page.getByTestId('chart');
  await expect(chart).toHaveAttribute('data-bands', '1');
  await expect(page.getByTestId('excursions')).toHaveAttribute('data-count', '3');
  await expect(page.getByTestId('excursions')).toContainText('vendor range 2 °C to 8 °C');
  await bothThemes(page, 'chart-band');
});

test('the map shows a marker per located source, keyboard reachable, and opens one', async ({ page }) => {
  await open(page, 'Map');
  const map = page.getByTestId('source-map');
  await expect(map).toHaveAttribute('data-located', '3');
  const markers = page.getByTestId('map-marker');
  await expect(markers).toHaveCount(3);
  await expect(page.locator('[data-testid="map-marker"][data-key="osf/north"]')).toHaveAttribute(
    'aria-label',
    /silent/,
  );
  await bothThemes(page, 'map');
  const south = page.locator('[data-testid="map-marker"][data-key="osf/south"]');
  await south.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chart')).toHaveAttribute('aria-label', 'Chart of Cold room temperature');
  await page.getByRole('tab', { name: 'Map' }).click();
  await page.locator('[data-testid="map-marker"][data-key="osf/north"]').click();
  await expect(page.getByTestId('chart').last()).toHaveAttribute('aria-label', 'Chart of Water level');
});

test('no request leaves 127.0.0.1', () => {
  expect(requested.length).toBeGreaterThan(10);
  const outside = requested.filter((u) => !/^(https?:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(u));
  expect(outside).toEqual([]);
});
