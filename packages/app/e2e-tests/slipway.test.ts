import { test, expect, type Page } from '@playwright/test';

/**
 * The everyday path of an application developer, in a real browser against the real portal
 * (local runtime, builtin router): create an app from a template (which pushes code through
 * the git remote), change its config, roll back, scale, add a domain. Screenshots of each view
 * go to e2e-test-report/screenshots.
 */
const app = `e2e-${Date.now().toString(36)}`;
const shots = 'e2e-test-report/screenshots';

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Apps' }),
  ).toBeVisible();
}

async function openTab(page: Page, tab: string) {
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

/** What the app answers through the builtin router (by Host header: Node does not resolve *.localhost). */
async function answer(page: Page): Promise<string> {
  const response = await page.request.get('http://127.0.0.1:8080/', {
    headers: { Host: `${app}.localhost` },
  });
  return `${response.status()} ${await response.text()}`;
}

test.describe.configure({ mode: 'serial' });

test('create an app from the Node.js template; it is released and answers', async ({
  page,
}) => {
  await signIn(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Apps' })
    .click();
  await expect(page.getByRole('heading', { name: 'Apps' })).toBeVisible();
  await page.screenshot({ path: `${shots}/apps.png`, fullPage: true });

  await page.getByRole('link', { name: 'From a template' }).click();
  await page
    .getByRole('textbox', { name: 'Search' })
    .fill('Node.js web service');
  await expect(page.getByRole('button', { name: 'Choose' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(app);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText(/Release \*?\*?v2/)).toBeVisible({
    timeout: 150_000,
  });
  await page.screenshot({ path: `${shots}/template-done.png`, fullPage: true });

  await expect.poll(() => answer(page), { timeout: 60_000 }).toMatch(/^200 /);
});

test('the app page shows the release, and config changes make a new release', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(page.getByText(`Slipway app ${app}`)).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({ path: `${shots}/overview.png`, fullPage: true });

  await openTab(page, 'Config');
  await page.getByRole('textbox', { name: 'New key' }).fill('GREETING');
  await page.getByRole('textbox', { name: 'New value' }).fill('ahoy');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: /^Save 1 change/ }).click();
  await expect(page.getByText('Saved: created release v3')).toBeVisible();
  await page.screenshot({ path: `${shots}/config.png`, fullPage: true });
  await expect.poll(() => answer(page), { timeout: 60_000 }).toContain('ahoy');
});

test('roll back to the release before the config change', async ({ page }) => {
  await signIn(page);
  await openTab(page, 'Releases');
  await expect(page.getByRole('table', { name: 'Releases' })).toBeVisible();
  await page.getByRole('button', { name: 'Roll back to v2' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('GREETING')).toBeVisible();
  await page.screenshot({ path: `${shots}/rollback.png`, fullPage: true });
  await dialog.getByRole('button', { name: 'Roll back to v2' }).click();
  await expect(
    page.getByText('Rolled back to v2: created release v4'),
  ).toBeVisible();
  await expect
    .poll(() => answer(page), { timeout: 60_000 })
    .not.toContain('ahoy');
});

test('scale web to 2 processes', async ({ page }) => {
  await signIn(page);
  await openTab(page, 'Scale');
  await page.getByRole('spinbutton', { name: 'Replicas of web' }).fill('2');
  await page.getByRole('button', { name: 'Scale', exact: true }).click();
  const processes = page.getByRole('table', { name: 'Processes' });
  await expect(processes.getByText('web.2')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: `${shots}/scale.png`, fullPage: true });
});

test('add a custom domain', async ({ page }) => {
  await signIn(page);
  await openTab(page, 'Domains & certs');
  await page
    .getByRole('textbox', { name: 'Domain' })
    .fill(`${app}.example.com`);
  await page.getByRole('button', { name: 'Add domain' }).click();
  await expect(
    page.getByRole('button', { name: `Remove ${app}.example.com` }),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/domains.png`, fullPage: true });
  const response = await page.request.get('http://127.0.0.1:8080/', {
    headers: { Host: `${app}.example.com` },
  });
  expect(response.status()).toBe(200);
});
