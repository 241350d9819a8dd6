// npm run icons: renders resources/icon.svg into the PNG sizes the platforms need (resources/icons/NxN.png).
// electron-builder takes the folder for Linux and makes .ico and .icns from the 256/512/1024 PNGs.
// Rendered by Chromium (playwright-core), the one SVG rasterizer on the build machines.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const resources = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(resources, 'icon.svg'), 'utf8');
const out = join(resources, 'icons');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    await page.screenshot({ path: join(out, `${size}x${size}.png`), omitBackground: true });
  }
  console.log(`Tributary: ${ICON_SIZES.length} icon sizes written to ${out}.`);
} finally {
  await browser.close();
}
