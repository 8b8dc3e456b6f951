import { test, expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callApi, shots, signIn } from './support';

/**
 * Config and Domains pages stay true while someone else works on the same app: a key added
 * through the API shows on an open Config tab within seconds; edits staged on a config that
 * changed meanwhile are refused and shown as a conflict, not saved over the other change; leaving
 * with staged edits asks first. A certificate upload refused for a wrong key says so where the
 * user looks, and a matching certificate is attached to its domain by itself. Screenshots at
 * 1400 and 1024 px wide.
 */
const app = `conf-${Date.now().toString(36)}`;
const domain = `www.${app}.test`;
/** Open pages update on signals; the margin is for a loaded machine, far under the 45 s seen before. */
const LIVE = { timeout: 5_000 };
const WIDTHS = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
];

async function openTab(page: Page, tab: string) {
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

async function shoot(page: Page, name: string) {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.screenshot({
      path: `${shots}/${name}-${size.width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize(WIDTHS[0]);
}

/** A certificate and key made as a user makes them, with the openssl CLI. */
function selfSigned(names: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${names.map(n => `DNS:${n}`).join(',')}`,
      '-keyout',
      path.join(dir, 'tls.key'),
      '-out',
      path.join(dir, 'tls.crt'),
    ],
    { stdio: 'ignore' },
  );
  return { cert: path.join(dir, 'tls.crt'), key: path.join(dir, 'tls.key') };
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(WIDTHS[0]);
});

test('the Config tab shows a key added through the API within seconds', async ({
  page,
  request,
}) => {
  await callApi(request, 'POST', '/apps', { name: app });
  await signIn(page);
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(page.getByText(`Slipway app ${app}`)).toBeVisible({
    timeout: 60_000,
  });
  await openTab(page, 'Config');
  const table = page.getByRole('table', { name: 'Config vars' });
  await expect(table).toBeVisible();

  await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { ADDED_ELSEWHERE: 'by a script' },
  });
  await expect(table.getByText('ADDED_ELSEWHERE')).toBeVisible(LIVE);
  await shoot(page, 'config-live');
});

test('edits staged on config that changed meanwhile are refused and shown as a conflict, not saved over it', async ({
  page,
  request,
}) => {
  await signIn(page);
  await openTab(page, 'Config');
  const table = page.getByRole('table', { name: 'Config vars' });
  await expect(table.getByText('ADDED_ELSEWHERE')).toBeVisible();

  // Stage an edit of the key someone else is about to change too.
  await page.getByRole('button', { name: 'Edit ADDED_ELSEWHERE' }).click();
  await page
    .getByRole('textbox', { name: 'New value of ADDED_ELSEWHERE' })
    .fill('mine');
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await page
    .getByRole('textbox', { name: 'New key', exact: true })
    .fill('MINE');
  await page
    .getByRole('textbox', { name: 'New value', exact: true })
    .fill('staged');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(
    page.getByRole('button', { name: /^Save 2 changes/ }),
  ).toBeVisible();

  // Meanwhile, a colleague changes the same key through the API.
  await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { ADDED_ELSEWHERE: 'theirs' },
  });
  await expect(
    page.getByText(/Someone changed the config since you started editing/),
  ).toBeVisible(LIVE);

  await page.getByRole('button', { name: /^Save 2 changes/ }).click();
  const conflict = page.getByRole('alert').filter({
    hasText: 'Not saved: the config changed while you were editing',
  });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText(/changed since v\d+/);
  await expect(conflict).toBeInViewport();
  // The staged edits are still there to re-apply.
  await expect(
    page.getByRole('button', { name: /^Save 2 changes/ }),
  ).toBeVisible();
  await shoot(page, 'config-conflict');

  // Nothing was overwritten: the colleague's value stands, the staged key was not saved.
  const after = await callApi(request, 'GET', `/apps/${app}/config`);
  expect(after.values.ADDED_ELSEWHERE).toBe('theirs');
  expect(after.values).not.toHaveProperty('MINE');

  // Leaving with staged edits asks first; staying keeps them.
  page.once('dialog', dialog => {
    expect(dialog.message()).toMatch(/2 unsaved config changes/);
    void dialog.dismiss();
  });
  await page.getByRole('tab', { name: 'Releases', exact: true }).click();
  await expect(
    page.getByRole('button', { name: /^Save 2 changes/ }),
  ).toBeVisible();

  // Re-applied on the current config, the edits save.
  await conflict
    .getByRole('button', { name: 'Reload and keep my edits' })
    .click();
  await expect(conflict).toHaveCount(0);
  await page.getByRole('button', { name: /^Save 2 changes/ }).click();
  await expect(page.getByText(/Saved: created release v\d+/)).toBeVisible();
  const saved = await callApi(request, 'GET', `/apps/${app}/config`);
  expect(saved.values).toMatchObject({
    ADDED_ELSEWHERE: 'mine',
    MINE: 'staged',
  });
});

test('a certificate with the wrong key is refused where the user sees it; a matching one is attached to its domain', async ({
  page,
  request,
}) => {
  await callApi(request, 'POST', `/apps/${app}/domains`, { domain });
  const right = selfSigned([domain]);
  const other = selfSigned([`other.${app}.test`]);
  await signIn(page);
  await openTab(page, 'Domains & certs');
  await expect(
    page.getByRole('cell', { name: domain, exact: true }),
  ).toBeVisible();
  await expect(page.getByLabel('DNS target')).toBeVisible();

  await page.getByRole('button', { name: 'Upload certificate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Upload a certificate' });
  await dialog.getByLabel(/Certificate name/).fill('www');
  await dialog
    .locator('input[type=file][aria-label="Choose a certificate file"]')
    .setInputFiles(right.cert);
  await dialog
    .locator('input[type=file][aria-label="Choose a key file"]')
    .setInputFiles(other.key);
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  const refusal = dialog.getByText(/does not belong/);
  await expect(refusal).toBeVisible();
  await expect(refusal).toBeInViewport();
  await expect(
    dialog.getByRole('button', { name: 'Upload', exact: true }),
  ).toBeInViewport();
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await expect(refusal).toBeInViewport();
    await page.screenshot({
      path: `${shots}/cert-wrong-key-${size.width}.png`,
    });
  }
  await page.setViewportSize(WIDTHS[0]);

  await dialog
    .locator('input[type=file][aria-label="Choose a key file"]')
    .setInputFiles(right.key);
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(
    page.getByText(
      `Uploaded www and attached it to ${domain}, which it covers`,
    ),
  ).toBeVisible();
  const row = page
    .getByRole('table', { name: 'Domains' })
    .getByRole('row')
    .filter({ hasText: domain });
  await expect(row).toContainText('www');
  await shoot(page, 'cert-attached');
  const domains = await callApi(request, 'GET', `/apps/${app}/domains`);
  expect(
    domains.find((d: { domain: string }) => d.domain === domain)?.cert,
  ).toBe('www');
});

test('open pages of an app deleted elsewhere say so instead of showing stale data', async ({
  page,
  request,
}) => {
  await signIn(page);
  await openTab(page, 'Config');
  await expect(page.getByRole('table', { name: 'Config vars' })).toBeVisible();
  await callApi(request, 'DELETE', `/apps/${app}`);
  await expect(page.getByText('This app was deleted.')).toBeVisible(LIVE);
  await expect(page.getByRole('table', { name: 'Config vars' })).toHaveCount(0);
  await shoot(page, 'app-deleted');
});

test.afterAll(async ({ request }) => {
  await callApi(request, 'DELETE', `/apps/${app}`).catch(() => undefined);
});
