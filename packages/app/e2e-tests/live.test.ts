import {
  test,
  expect,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { callApi, pushNodeApp, shots, signIn } from './support';

/**
 * The portal tells the truth as it changes, in a real browser against the real portal: changes made
 * elsewhere (through the REST API, as a script or a colleague would) appear on open pages without a
 * reload; logs stream live; a failed release shows on the Apps page and the Overview; deploy tokens
 * are listed and revoked; a 500 KB config value pastes at once. Screenshots go to
 * e2e-test-report/screenshots.
 */
const app = `live-${Date.now().toString(36)}`;
/** Open pages update on signals (polling every 1.5 s as a fallback); the margin is for a loaded machine. */
const LIVE = { timeout: 10_000 };

async function openTab(page: Page, tab: string) {
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

/** A request to the app through the builtin router (by Host header). */
async function visit(request: APIRequestContext, pathName = '/') {
  return request.get(`http://127.0.0.1:8080${pathName}`, {
    headers: { Host: `${app}.localhost` },
  });
}

test.describe.configure({ mode: 'serial' });

test('an app pushed with a deploy token made through the API runs', async ({
  request,
}) => {
  await callApi(request, 'POST', '/apps', { name: app });
  await pushNodeApp(
    request,
    app,
    [
      "if (process.env.CRASH) { console.error('refusing to start: CRASH is set'); process.exit(1); }",
      "require('http').createServer((req, res) => {",
      '  console.log(`served ${req.url}`);',
      "  res.end(`hello ${process.env.GREETING || 'world'}`);",
      '}).listen(process.env.PORT);',
    ].join('\n'),
  );
  await expect
    .poll(async () => (await visit(request)).status(), { timeout: 60_000 })
    .toBe(200);
});

test('the app page resolves its owner: no "Entities not found" warning', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/catalog/default/component/${app}`);
  await expect(
    page
      .getByText(`Slipway app ${app}`)
      .or(page.getByRole('heading', { name: app }))
      .first(),
  ).toBeVisible({
    timeout: 60_000,
  });
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(page.getByText(`Slipway app ${app}`)).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText('Entities not found')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/live-overview.png`, fullPage: true });
});

test('the Overview and Releases show a change made through the API without a reload', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(
    page.getByText('deployed', { exact: false }).first(),
  ).toBeVisible({ timeout: 30_000 });

  const release = await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { GREETING: 'ahoy' },
  });
  const current = page
    .getByRole('heading', { name: 'Current release' })
    .locator('..');
  await expect(
    current.getByText(`v${release.version}`, { exact: true }),
  ).toBeVisible(LIVE);
  await expect(current.getByText('succeeded')).toBeVisible(LIVE);
  await page.screenshot({ path: `${shots}/live-status.png`, fullPage: true });

  await page.getByRole('tab', { name: 'Releases', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Releases' })).toBeVisible();
  const rolledBack = await callApi(
    request,
    'POST',
    `/apps/${app}/releases/rollback`,
    {},
  );
  const row = page.getByRole('row', {
    name: new RegExp(`^v${rolledBack.version}\\b`),
  });
  await expect(row).toContainText('succeeded', LIVE);
  await page.screenshot({ path: `${shots}/live-releases.png`, fullPage: true });
});

test('a failed release shows on the Apps page and the Overview, with its reason', async ({
  page,
  request,
}) => {
  const failing = await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { CRASH: '1' },
  });
  await expect
    .poll(
      async () =>
        (
          await callApi(
            request,
            'GET',
            `/apps/${app}/releases/${failing.version}`,
          )
        ).status,
      {
        timeout: 150_000,
      },
    )
    .toBe('failed');

  await signIn(page);
  await page.goto('/slipway');
  await page.getByRole('button', { name: /Release status/ }).click();
  await page.getByRole('option', { name: 'failed' }).click();
  const row = page.getByRole('row', { name: new RegExp(`^${app}\\b`) });
  await expect(row).toContainText('failed');
  await expect(row).toContainText(`v${failing.version}`);
  await page.screenshot({
    path: `${shots}/live-apps-failed.png`,
    fullPage: true,
  });

  await row.getByRole('link', { name: app, exact: true }).click();
  await expect(
    page.getByRole('alert', { name: `v${failing.version} failed` }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/keeps serving/)).toBeVisible();
  await page.screenshot({
    path: `${shots}/live-overview-failed.png`,
    fullPage: true,
  });
});

test('deploy tokens are listed and revoked after confirmation', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await page.getByRole('button', { name: 'Create deploy token' }).click();
  await page
    .getByRole('dialog', { name: 'New deploy token' })
    .getByLabel(/Description/)
    .fill('laptop');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('dialog', { name: 'Your deploy token' });
  await expect(
    shown.getByRole('textbox', { name: 'Deploy token' }),
  ).toHaveValue(/\S{20,}/);
  await shown.getByRole('button', { name: 'Done' }).click();

  const tokens = page.getByRole('table', { name: 'Deploy tokens' });
  await expect(tokens.getByRole('row', { name: /laptop/ })).toBeVisible();
  await expect(tokens.getByRole('row', { name: /e2e push/ })).toBeVisible();
  await page.screenshot({ path: `${shots}/tokens.png`, fullPage: true });

  await page.getByRole('button', { name: 'Revoke token "laptop"' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke token "laptop"?' });
  await page.screenshot({ path: `${shots}/tokens-revoke.png`, fullPage: true });
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(tokens.getByRole('row', { name: /laptop/ })).toHaveCount(0);
  await expect(tokens.getByRole('row', { name: /e2e push/ })).toBeVisible();
});

test('a 500 KB config value pastes at once and is saved whole', async ({
  page,
  request,
}) => {
  await signIn(page);
  await openTab(page, 'Config');
  const big = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(
    500 * 1024,
  )}\n-----END CERTIFICATE-----`;
  await page.getByRole('textbox', { name: 'New key' }).fill('BUNDLE');
  const started = Date.now();
  await page.getByRole('textbox', { name: 'New value' }).fill(big);
  await expect(page.getByText('500.1 KiB')).toBeVisible();
  // eslint-disable-next-line no-console
  console.log(
    `Pasting 500 KB into the config editor took ${Date.now() - started} ms`,
  );
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(
    page.getByText('-----BEGIN CERTIFICATE-----… (500.1 KiB)'),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/config-500kb.png`, fullPage: true });
  await page.getByRole('button', { name: /^Save 1 change/ }).click();
  await expect(page.getByText(/Saved: created release v\d+/)).toBeVisible();
  const config = await callApi(request, 'GET', `/apps/${app}/config`);
  expect(config.values.BUNDLE).toBe(big);
});

test('the Logs tab shows what the app prints, live', async ({
  page,
  request,
}) => {
  // Runs last (it needs the app up again): unset CRASH and wait for the app to answer.
  await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { CRASH: null },
  });
  await expect
    .poll(async () => (await visit(request)).status(), { timeout: 120_000 })
    .toBe(200);
  await signIn(page);
  await openTab(page, 'Logs');
  await expect(page.getByText(/Streaming live/i)).toBeVisible();
  const marker = `/e2e-${Date.now()}`;
  await expect
    .poll(
      async () => {
        await visit(page.request, marker);
        return page.getByText(`served ${marker}`).count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  await page.screenshot({ path: `${shots}/live-logs.png`, fullPage: true });
});

test.afterAll(async ({ request }) => {
  await callApi(request, 'DELETE', `/apps/${app}`).catch(() => undefined);
});
