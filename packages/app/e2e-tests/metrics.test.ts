import { test, expect, type APIRequestContext } from '@playwright/test';
import { callApi, pushNodeApp, shots, signIn } from './support';

/**
 * An app's Metrics tab and delivery card in a real browser against the real portal: after requests
 * through the builtin router and two deploys, the charts show (with both releases marked) and the
 * delivery card shows its figures. Screenshots at 1400 and 1024 px go to e2e-test-report/screenshots.
 */
const app = `metrics-${Date.now().toString(36)}`;

/** A request to the app through the builtin router (by Host header). */
async function visit(request: APIRequestContext, pathName = '/') {
  return request.get(`http://127.0.0.1:8080${pathName}`, {
    headers: { Host: `${app}.localhost` },
  });
}

const server = (greeting: string) =>
  `require('http').createServer((req, res) => { res.statusCode = req.url === '/missing' ? 404 : 200; res.end('${greeting}'); }).listen(process.env.PORT);\n`;

test.describe.configure({ mode: 'serial' });

test('two deploys, then traffic: counted per minute', async ({ request }) => {
  test.setTimeout(240_000);
  await callApi(request, 'POST', '/apps', { name: app });
  await pushNodeApp(request, app, server('one'));
  await expect
    .poll(async () => (await visit(request)).status(), { timeout: 90_000 })
    .toBe(200);
  await pushNodeApp(request, app, server('two'), { force: true });
  await expect
    .poll(async () => (await visit(request)).text(), { timeout: 90_000 })
    .toBe('two');
  for (let i = 0; i < 20; i++) await visit(request);
  for (let i = 0; i < 5; i++) await visit(request, '/missing');
  // The counts reach the ledger with the next flush (every 15 s).
  await expect
    .poll(
      async () => {
        const metrics = await callApi(request, 'GET', `/apps/${app}/metrics`);
        return (metrics.requests['4xx'] as number[]).reduce((a, b) => a + b, 0);
      },
      { timeout: 60_000 },
    )
    .toBe(5);
});

test('the Metrics tab shows the charts with the releases marked, at 1400 and 1024 px', async ({
  page,
  request,
}) => {
  // Two widths, each waiting for the first memory sample (once a minute) on a loaded machine.
  test.setTimeout(360_000);
  await signIn(page);
  for (const width of [1400, 1024]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/catalog/default/component/${app}/slipway`);
    await page
      .getByRole('tab', { name: 'Metrics', exact: true })
      .click({ timeout: 60_000 });
    const markers = page.getByRole('navigation', {
      name: 'Releases in this window',
    });
    // Every release of the window (the app's first, and the two deploys), as the API lists them.
    const { releases } = await callApi(request, 'GET', `/apps/${app}/metrics`);
    const versions = (releases as { version: number }[]).map(
      r => `v${r.version}`,
    );
    expect(versions.length).toBeGreaterThanOrEqual(2);
    await expect(markers.getByRole('link')).toHaveText(versions, {
      timeout: 30_000,
    });
    const requests = page.getByRole('img', { name: /^Requests and errors/ });
    await expect(requests).toBeVisible();
    await expect(
      page.getByRole('img', { name: 'Response time (ms)' }),
    ).toBeVisible();
    // Memory is sampled from the processes' cgroups once a minute.
    await expect(async () => {
      await page.reload();
      await page.getByRole('tab', { name: 'Metrics', exact: true }).click();
      await expect(
        page.getByRole('img', { name: 'Memory per process type (MiB)' }),
      ).toBeVisible({ timeout: 5_000 });
    }).toPass({ timeout: 100_000 });
    const box = (await requests.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await page.screenshot({
      path: `${shots}/metrics-${width}.png`,
      fullPage: true,
    });
  }
});

test('the delivery card on the Overview shows the figures', async ({
  page,
}) => {
  await signIn(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/catalog/default/component/${app}`);
  const card = page
    .getByText('Delivery (last 30 days)')
    .locator('xpath=ancestor::*[contains(@class,"MuiCard-root")][1]');
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText('Deployment frequency');
  await expect(card).toContainText(/[1-9]\d* deploys in all/);
  await expect(card).toContainText('Change failure rate0%');
  await card.screenshot({ path: `${shots}/metrics-delivery-card.png` });
});
