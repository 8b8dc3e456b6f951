import { test, expect, type Page } from '@playwright/test';
import { callApi, pushNodeApp, shots, signIn } from './support';

/**
 * Tables keep their words whole at the widths people use (a laptop and a small window): no header
 * or cell breaks inside a word ("Releas e", "9 minut es"). Values the page lets wrap anywhere on
 * purpose (image references, commands and SHAs in `code`) are not words. Screenshots of each view
 * at each width go to e2e-test-report/screenshots.
 */
const app = `layout-${Date.now().toString(36)}`;
const WIDTHS = [1400, 1024];

/** The words of visible table headers and cells that are drawn on more than one line. */
async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    for (const cell of Array.from(document.querySelectorAll('th, td'))) {
      if (!(cell as HTMLElement).offsetParent) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('code')) continue;
        const text = node.textContent ?? '';
        for (const word of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          const lines = new Set(
            Array.from(range.getClientRects())
              .filter(r => r.width > 0)
              .map(r => Math.round(r.bottom)),
          );
          if (lines.size > 1) {
            broken.push(
              `"${word[0]}" in ${cell.tagName.toLowerCase()} "${(
                cell.textContent ?? ''
              ).slice(0, 60)}"`,
            );
          }
        }
      }
    }
    return broken;
  });
}

const VIEWS: {
  name: string;
  path: string;
  ready: (page: Page) => Promise<void>;
}[] = [
  {
    name: 'apps',
    // Searched: other specs leave more apps than one page holds.
    path: `/slipway?q=${app}`,
    ready: page =>
      expect(
        page.getByRole('row', { name: new RegExp(`^${app}\\b`) }),
      ).toBeVisible(),
  },
  {
    name: 'overview',
    path: `/catalog/default/component/${app}/slipway`,
    ready: page =>
      expect(
        page.getByRole('heading', { name: 'Current release' }),
      ).toBeVisible(),
  },
  {
    name: 'releases',
    path: `/catalog/default/component/${app}/slipway/releases`,
    ready: page =>
      expect(page.getByRole('table', { name: 'Releases' })).toBeVisible(),
  },
  {
    name: 'scale',
    path: `/catalog/default/component/${app}/slipway/scale`,
    ready: page =>
      expect(page.getByRole('row', { name: /^web\b/ }).first()).toBeVisible(),
  },
  {
    name: 'settings',
    path: `/catalog/default/component/${app}/slipway/settings`,
    ready: page =>
      expect(page.getByRole('table', { name: 'Limits' })).toBeVisible(),
  },
];

test.describe.configure({ mode: 'serial' });

test('the check finds a header broken inside its word', async ({ page }) => {
  await page.setContent(`
    <table><tr>
      <th style="width: 40px; max-width: 40px; word-break: break-all">Release</th>
      <td style="width: 40px; max-width: 40px">two words</td>
      <td style="width: 20px; max-width: 20px; word-break: break-all"><code>sha256abcdef</code></td>
    </tr></table>`);
  expect(await brokenWords(page)).toEqual(['"Release" in th "Release"']);
});

test('an app with releases, processes and limits to lay out', async ({
  request,
}) => {
  await callApi(request, 'POST', '/apps', { name: app });
  await pushNodeApp(request, app);
  await callApi(request, 'PATCH', `/apps/${app}/config`, {
    values: { GREETING: 'ahoy' },
    limits: { web: { memory: '256Mi', cpu: '500m' } },
  });
});

for (const width of WIDTHS) {
  test(`tables keep their words whole at ${width} px`, async ({ page }) => {
    // Five views, each loaded and screenshotted whole, on a machine shared with other work.
    test.setTimeout(600_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page);
    const found: string[] = [];
    for (const view of VIEWS) {
      await page.goto(view.path);
      await view.ready(page);
      await page.screenshot({
        path: `${shots}/layout-${width}-${view.name}.png`,
        fullPage: true,
      });
      found.push(...(await brokenWords(page)).map(w => `${view.name}: ${w}`));
    }
    expect(found).toEqual([]);
  });
}
