import { test, expect } from '@playwright/test';

test('a guest signs in and finds this repository in the catalog', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  // Other specs share this portal and their apps are catalog entities too (the Apps page spec
  // alone makes 120), so the repository is found the way a user finds one: by searching.
  await page.getByPlaceholder('Search').fill('slipway');
  await expect(
    page.getByRole('link', { name: 'slipway', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/catalog.png',
    fullPage: true,
  });
});
