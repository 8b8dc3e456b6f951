import { test, expect, type Page } from '@playwright/test';
import { callApi, guestToken, pushNodeApp, shots, signIn } from './support';

/**
 * Issue 23, items 1 and 6: the Apps page reaches every app through its pager, shows the total,
 * sorts on the server and keeps search, order and page in the URL; an app's health is shown
 * apart from its release's status (a crash-looping app is "crashing" though its release
 * succeeded), and its owner hears of the crash loop once.
 */
const stamp = Date.now().toString(36);
const prefix = `al${stamp}`;
const nameOf = (i: number) => `${prefix}-${String(i).padStart(3, '0')}`;
const crashing = `cr${stamp}`;

test.describe.configure({ mode: 'serial' });

/** The app names in the Apps table, top to bottom. */
async function shownApps(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Apps' });
  // The first link of a row is the app's name (its URL is the second).
  return table
    .locator('tbody tr')
    .evaluateAll(rows =>
      rows.map(row => row.querySelector('td a')?.textContent ?? ''),
    );
}

test('120 apps: all reachable through the pager, with the total', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const token = await guestToken(request);
  // Through the API, ten at a time: the page is under test, not creation.
  for (let start = 0; start < 120; start += 10) {
    await Promise.all(
      Array.from({ length: 10 }, async (_, k) => {
        const response = await request.post(
          'http://localhost:7007/api/slipway/apps',
          {
            headers: { Authorization: `Bearer ${token}` },
            data: { name: nameOf(start + k) },
          },
        );
        expect(response.status(), await response.text()).toBe(201);
      }),
    );
  }

  await signIn(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/slipway?q=${prefix}`);
  await expect(page.getByText('1-50 of 120')).toBeVisible();
  const seen: string[] = [];
  seen.push(...(await shownApps(page)));
  for (const range of ['51-100 of 120', '101-120 of 120']) {
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByText(range)).toBeVisible();
    await expect
      .poll(async () => (await shownApps(page))[0])
      .not.toBe(seen[seen.length - 50]);
    seen.push(...(await shownApps(page)));
  }
  expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => nameOf(i)));
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.screenshot({
    path: `${shots}/apps-list-last-page-1400.png`,
    fullPage: true,
  });
});

test('sort and page survive a reload and the back button', async ({ page }) => {
  await signIn(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/slipway?q=${prefix}`);
  await expect(page.getByText('1-50 of 120')).toBeVisible();

  // A second click on a sorted column reverses it, on the server.
  await page.getByRole('button', { name: 'App', exact: true }).click();
  await expect(page).toHaveURL(/order=desc/);
  await expect.poll(async () => (await shownApps(page))[0]).toBe(nameOf(119));
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByText('51-100 of 120')).toBeVisible();
  await expect(page).toHaveURL(/page=2/);
  await expect.poll(async () => (await shownApps(page))[0]).toBe(nameOf(69));

  await page.reload();
  await expect(page.getByText('51-100 of 120')).toBeVisible();
  await expect.poll(async () => (await shownApps(page))[0]).toBe(nameOf(69));
  await expect(page.getByRole('textbox', { name: 'Search apps' })).toHaveValue(
    prefix,
  );

  await page.goBack();
  await expect(page.getByText('1-50 of 120')).toBeVisible();
  await expect.poll(async () => (await shownApps(page))[0]).toBe(nameOf(119));

  // Sorting by owner and by last deploy asks the server (the URL says so, the list follows).
  await page.getByRole('button', { name: 'Owner', exact: true }).click();
  await expect(page).toHaveURL(/sort=owner/);
  await page.getByRole('button', { name: 'Last deploy', exact: true }).click();
  await expect(page).toHaveURL(/sort=deployedAt&order=desc/);
  await expect(page.getByText('1-50 of 120')).toBeVisible();
});

test("a crash-looping app's Health column says crashing, not only succeeded; its owner is told once", async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  await callApi(request, 'POST', '/apps', { name: crashing });
  // Serves, so its release succeeds; then exits after 3 s, again and again.
  await pushNodeApp(
    request,
    crashing,
    "require('http').createServer((req, res) => res.end('hi')).listen(process.env.PORT);\nsetTimeout(() => process.exit(1), 3000);\n",
  );
  await signIn(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`/slipway?q=${crashing}`);
  const row = page
    .getByRole('table', { name: 'Apps' })
    .getByRole('row')
    .filter({ hasText: crashing });
  await expect(row.getByLabel('health: crashing')).toBeVisible({
    timeout: 60_000,
  });
  await expect(row).toContainText('succeeded');
  await page.screenshot({
    path: `${shots}/apps-crashing-1400.png`,
    fullPage: true,
  });

  await page.goto(`/catalog/default/component/${crashing}/slipway`);
  await expect(page.getByRole('alert', { name: 'Crashing' })).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({
    path: `${shots}/overview-crashing-1400.png`,
    fullPage: true,
  });

  // Several restarts later, still one notification for this crash loop.
  await page.waitForTimeout(8_000);
  await page.goto('/notifications');
  await expect(
    page.getByText(`${crashing} is crashing`, { exact: true }),
  ).toHaveCount(1);

  // Only crashing apps, through the Health filter in the URL.
  await page.goto(`/slipway?health=crashing&q=${crashing}`);
  await expect(
    page.getByRole('table', { name: 'Apps' }).getByRole('row'),
  ).toHaveCount(2);
});

test('the Apps page at 1400 and 1024 px: nothing clipped', async ({
  page,
  request,
}) => {
  // Names as long as most (the page may also hold the apps of the tests above).
  for (const n of [1, 2, 3]) {
    const name = `web-${stamp}-${n}`;
    await callApi(request, 'POST', '/apps', { name });
  }
  await signIn(page);
  // Only the current page is highlighted in the sidebar: Pipelines lives under /slipway.
  await page.goto('/slipway/pipelines');
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    sidebar.getByRole('link', { name: 'Pipelines' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(sidebar.getByRole('link', { name: 'Apps' })).not.toHaveAttribute(
    'aria-current',
    'page',
  );
  for (const width of [1400, 1024]) {
    await page.setViewportSize({ width, height: 768 });
    // This run's apps (any others the portal holds come and go with other tests).
    await page.goto(`/slipway?q=${stamp}`);
    await expect(page.getByRole('table', { name: 'Apps' })).toBeVisible();
    // The URL column fits or the table scrolls; no cell is cut off by the page.
    const url = page
      .getByRole('table', { name: 'Apps' })
      .getByRole('link', { name: / URL, Opens/ })
      .first();
    await expect(url).toBeInViewport();
    // The table fits its column: no horizontal scrolling at 1024 px either.
    const overflow = await page
      .getByRole('table', { name: 'Apps' })
      .evaluate(table => table.scrollWidth - table.parentElement!.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${shots}/apps-${width}.png`,
      fullPage: true,
    });
  }
});
