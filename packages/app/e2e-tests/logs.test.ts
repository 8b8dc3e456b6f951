import {
  test,
  expect,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { callApi, pushNodeApp, shots, signIn } from './support';

/**
 * The Logs tab against the real portal: an app prints 10,000 lines and the search finds one of
 * them by its text; a crashed instance's last lines open from its crash line; a drain is added
 * (after the API refused a private address, next to the field) and removed in Settings.
 * Screenshots at 1400 and 1024 px go to e2e-test-report/screenshots.
 */
const app = `logs-${Date.now().toString(36)}`;
const needle = `needle-${Date.now().toString(36)}`;

/** Prints 10,000 lines on /print (one of them the needle), crashes on /crash. */
const server = `
const http = require('http');
http.createServer((req, res) => {
  if (req.url === '/print') {
    for (let i = 0; i < 10000; i++) console.log(i === 5000 ? 'order 5000 ${needle}' : 'flood line ' + i);
    return res.end('printed');
  }
  if (req.url === '/crash') {
    console.log('last words: the disk is full');
    res.end('bye');
    return setTimeout(() => process.exit(3), 50);
  }
  res.end('hello');
}).listen(process.env.PORT);
`;

/** Opens a section of the app's page once the catalog has the app (its entity may lag). */
async function openSection(page: Page, tab: string, query = '') {
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(page.getByText(`Slipway app ${app}`)).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole('tab', { name: tab, exact: true }).click();
  if (query) await page.goto(`${page.url()}?${query}`);
}

const visit = (request: APIRequestContext, pathName: string) =>
  request.get(`http://127.0.0.1:8080${pathName}`, {
    headers: { Host: `${app}.localhost` },
  });

test.describe.configure({ mode: 'serial' });

test('an app prints 10,000 lines and crashes: all kept', async ({
  request,
}) => {
  test.setTimeout(180_000);
  await callApi(request, 'POST', '/apps', { name: app });
  await pushNodeApp(request, app, server);
  await expect
    .poll(async () => (await visit(request, '/')).status(), { timeout: 90_000 })
    .toBe(200);
  expect(await (await visit(request, '/print')).text()).toBe('printed');
  await expect
    .poll(
      async () =>
        (
          await callApi(request, 'GET', `/apps/${app}/logs/search?q=${needle}`)
        ).totalItems,
      { timeout: 30_000 },
    )
    .toBe(1);
  await visit(request, '/crash');
  await expect
    .poll(
      async () =>
        (
          await callApi(
            request,
            'GET',
            `/apps/${app}/logs/search?source=platform&q=exited`,
          )
        ).totalItems,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
});

test('the Logs tab finds a line by text and shows the crashed instance’s last lines, at 1400 and 1024 px', async ({
  page,
}) => {
  test.setTimeout(360_000);
  await signIn(page);
  for (const width of [1400, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await openSection(page, 'Logs');
    await page.getByLabel('Search text').fill(needle);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const output = page.getByRole('log', { name: 'Log output' });
    await expect(output).toContainText(`order 5000 ${needle}`);
    await expect(output).not.toContainText('flood line 4999');
    await expect(page).toHaveURL(new RegExp(`q=${needle}`));
    await page.screenshot({ path: `${shots}/logs-search-${width}.png` });

    await page.goto(
      `/catalog/default/component/${app}/slipway/logs?source=platform`,
    );
    await page
      .getByRole('button', { name: /^Show last lines of web\.1/ })
      .first()
      .click();
    await expect(
      page.getByRole('region', {
        name: 'Last lines of web.1 before it exited',
      }),
    ).toContainText('last words: the disk is full');
    await page.screenshot({ path: `${shots}/logs-crash-${width}.png` });
  }
});

test('a drain is added and removed in Settings', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.setViewportSize({ width: 1024, height: 900 });
  await openSection(page, 'Settings');
  const field = page.getByLabel('Drain URL');
  await field.fill('syslog://10.0.0.8:514');
  await page.getByRole('button', { name: 'Add drain' }).click();
  await expect(page.getByText(/url is refused/)).toBeVisible();

  // A public address (nothing listens for us there: its last error shows).
  await field.fill('https://e2e:s3cret@1.1.1.1/ingest');
  await page.getByRole('button', { name: 'Add drain' }).click();
  const table = page.getByRole('table', { name: 'Log drains' });
  await expect(table).toContainText('https://***:***@1.1.1.1/ingest');
  await expect(table).not.toContainText('s3cret');
  await page.screenshot({ path: `${shots}/logs-drains-1024.png` });

  await page.getByRole('button', { name: /^Remove drain/ }).click();
  await page.getByRole('button', { name: 'Remove drain', exact: true }).click();
  await expect(page.getByText('No log drains yet.')).toBeVisible();
});
