/*
 * The Apps page in headless Chromium (Debian's, driven by playwright-core from this repository's
 * dependencies): the guest signs in, the sidebar links to Apps, and the page lists the app the
 * API check created. The screenshot is kept.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function checkAppsPage({ base, app, screenshot }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      // Chromium refuses to run as root without it.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  try {
    await page.goto(base, { timeout: 120_000 });
    await page
      .getByRole('button', { name: 'Enter' })
      .click({ timeout: 60_000 });
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Apps' })
      .click({ timeout: 60_000 });
    await page
      .getByRole('heading', { name: 'Apps' })
      .waitFor({ timeout: 60_000 });
    await page.getByText(app).first().waitFor({ timeout: 60_000 });
  } finally {
    fs.mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    await browser.close();
  }
}

module.exports = { checkAppsPage };
