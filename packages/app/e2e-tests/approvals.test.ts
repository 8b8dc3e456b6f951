import {
  test,
  expect,
  type APIRequestContext,
  type Page,
} from '@playwright/test';
import { pushNodeApp, shots, signIn } from './support';

/**
 * Approvals that cannot deadlock (issue 23), in Chromium against the real portal: guest withdraws
 * their own pending promotion; turning "Require approval" on for an app only guest owns is refused
 * with the reason; guest's open Pipeline page shows the reviewer's approval within 3 s (signals);
 * a transfer to an owner the catalog does not know is refused; the sign-in page offers the
 * reviewer. Screenshots of the Pipeline page at 1400 and 1024 px go to e2e-test-report/screenshots.
 */
const id = Date.now().toString(36);
const pipeline = `ap-${id}`;
const staging = `ap-${id}-staging`;
const production = `ap-${id}-prod`;
const solo = `ap-${id}-solo`;
const soloPipeline = `ap-${id}-solo-pl`;
/** guest and reviewer are its members (examples/org.yaml): either may approve the other. */
const team = 'group:default/developers';
const backend = 'http://localhost:7007/api';

type Who = 'guest' | 'reviewer';

async function tokenOf(request: APIRequestContext, who: Who) {
  const url =
    who === 'guest'
      ? `${backend}/auth/guest/refresh?env=development`
      : `${backend}/auth/development-user/refresh?env=development&user=${who}`;
  const response = await request.get(url, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()).backstageIdentity.token as string;
}

async function call(
  request: APIRequestContext,
  method: string,
  url: string,
  options: { data?: object; as?: Who } = {},
) {
  const response = await request.fetch(`${backend}/slipway${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${await tokenOf(request, options.as ?? 'guest')}`,
    },
    data: options.data,
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : {} };
}

async function callOk(
  request: APIRequestContext,
  method: string,
  url: string,
  options: { data?: object; as?: Who } = {},
) {
  const { status, body } = await call(request, method, url, options);
  expect(status, `${method} ${url}: ${JSON.stringify(body)}`).toBeLessThan(300);
  return body;
}

/** Promotes staging to production from the Pipeline page; the promotion then waits for approval. */
async function promoteFromPage(page: Page) {
  await page.getByRole('button', { name: `Promote to ${production}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(
    page.getByRole('group', { name: `Promotion to ${production}` }),
  ).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test('setup: staging (a build) and production (owned by the team, requiring approval) in a pipeline', async ({
  request,
}) => {
  await callOk(request, 'POST', '/apps', { data: { name: staging } });
  await callOk(request, 'POST', '/apps', {
    data: { name: production, owner: team },
  });
  await callOk(request, 'POST', '/pipelines', { data: { name: pipeline } });
  await callOk(request, 'PUT', `/pipelines/${pipeline}/apps/${staging}`, {
    data: { stage: 'staging' },
  });
  await callOk(request, 'PUT', `/pipelines/${pipeline}/apps/${production}`, {
    data: { stage: 'production' },
  });
  // Two members (guest and reviewer): someone besides the requester can approve.
  await callOk(request, 'PATCH', `/apps/${production}/settings`, {
    data: { requireApproval: true },
  });
  const sha = await pushNodeApp(request, staging);
  await expect
    .poll(
      async () => {
        const p = await callOk(request, 'GET', `/pipelines/${pipeline}`);
        const app = p.stages.staging[0];
        return `${app.release?.build?.sha} ${app.status}`;
      },
      { timeout: 120_000 },
    )
    .toBe(`${sha} succeeded`);
});

test('guest withdraws their own pending promotion; it moves to the history', async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/slipway/pipelines/${pipeline}`);
  await promoteFromPage(page);
  const pending = page.getByRole('group', {
    name: `Promotion to ${production}`,
  });
  await expect(pending.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await pending.getByRole('button', { name: 'Withdraw' }).click();
  await expect(pending).toHaveCount(0);
  const history = page.getByRole('region', { name: 'Promotion history' });
  await expect(history).toContainText('withdrawn by the requester');
  await page.screenshot({
    path: `${shots}/approvals-withdrawn.png`,
    fullPage: true,
  });
});

test("guest's open Pipeline page shows the reviewer's approval within 3 s", async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(`/slipway/pipelines/${pipeline}`);
  await promoteFromPage(page);
  const p = await callOk(request, 'GET', `/pipelines/${pipeline}`);
  expect(p.pending).toHaveLength(1);

  // The reviewer approves elsewhere (the API, as their own browser would).
  await callOk(request, 'POST', `/promotions/${p.pending[0].id}/approve`, {
    as: 'reviewer',
  });
  const approvedAt = Date.now();
  await expect(
    page.getByRole('group', { name: `Promotion to ${production}` }),
  ).toHaveCount(0, { timeout: 3_000 });
  await expect(
    page.getByRole('region', { name: 'Promotion history' }),
  ).toContainText('approved by user:development/reviewer', { timeout: 3_000 });
  expect(Date.now() - approvedAt).toBeLessThan(3_000);

  // Production then runs the build: Promote has nothing to do and says so.
  await expect(
    page.getByRole('group', { name: `App ${production}` }),
  ).toContainText('succeeded', { timeout: 120_000 });
  const promote = page.getByRole('button', {
    name: `Promote to ${production}`,
  });
  await expect(promote).toBeDisabled();
  await expect(promote).toHaveAttribute('title', /already runs this build/);
});

test('the Pipeline page shows every stage at 1400 and 1024 px', async ({
  page,
}) => {
  await signIn(page);
  for (const width of [1400, 1024]) {
    await page.setViewportSize({ width, height: 768 });
    await page.goto(`/slipway/pipelines/${pipeline}`);
    const productionStage = page.getByRole('region', {
      name: 'Stage production',
    });
    await expect(productionStage).toContainText(production);
    const box = (await productionStage.boundingBox())!;
    // Not cut off: the whole column lies inside the window.
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await page.screenshot({
      path: `${shots}/pipeline-${width}.png`,
      fullPage: true,
    });
  }
});

test('turning "Require approval" on for an app only guest owns is refused with the reason', async ({
  page,
  request,
}) => {
  await callOk(request, 'POST', '/apps', { data: { name: solo } });
  await callOk(request, 'POST', '/pipelines', { data: { name: soloPipeline } });
  await callOk(request, 'PUT', `/pipelines/${soloPipeline}/apps/${solo}`, {
    data: { stage: 'production' },
  });

  await signIn(page);
  await page.goto(`/catalog/default/component/${solo}/slipway`);
  await page
    .getByRole('tab', { name: 'Settings', exact: true })
    .click({ timeout: 60_000 });
  const section = page.getByRole('region', { name: 'Promotions' });
  await section.getByRole('checkbox', { name: 'Require approval' }).check();
  await section.getByRole('button', { name: 'Save approval setting' }).click();
  await expect(section).toContainText(
    `${solo} cannot require approval: the owner user:development/guest is a single user`,
  );
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/approvals-refused.png` });
  const settings = await callOk(request, 'GET', `/apps/${solo}/settings`);
  expect(settings.requireApproval).toBe(false);
});

test('a transfer to an owner the catalog does not know is refused, and the picker offers only known ones', async ({
  page,
  request,
}) => {
  const refused = await call(request, 'PATCH', `/apps/${solo}`, {
    data: { owner: 'no-such-team' },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toBe(
    'Owner "group:default/no-such-team" is not a User or Group in the catalog; choose one it knows',
  );
  const app = await callOk(request, 'GET', `/apps/${solo}`);
  expect(app.owner).toBe('user:development/guest');

  await signIn(page);
  await page.goto(`/catalog/default/component/${solo}/slipway`);
  await page
    .getByRole('tab', { name: 'Settings', exact: true })
    .click({ timeout: 60_000 });
  const field = page.getByRole('textbox', { name: 'New owner' });
  await field.fill('no-such-team');
  await expect(
    page.getByText('No User or Group of the catalog matches'),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Transfer', exact: true }),
  ).toBeDisabled();
  await field.fill('Developers');
  await expect(
    page.getByRole('option', { name: /group:default\/developers/ }),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/transfer-picker.png` });
});

test('the development sign-in page offers the reviewer beside Guest', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByText('Guest', { exact: true })).toBeVisible();
  await expect(page.getByText('Reviewer', { exact: true })).toBeVisible();
  await page.screenshot({ path: `${shots}/sign-in-reviewer.png` });
  // Sign in as the reviewer: the portal then shows the reviewer's pending approvals too.
  const card = page
    .locator('div')
    .filter({ has: page.getByText('Reviewer', { exact: true }) })
    .filter({ has: page.getByRole('button') })
    .last();
  await card.getByRole('button').click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Apps' }),
  ).toBeVisible();
  const profile = await page.evaluate(() =>
    localStorage.getItem('@backstage/core:SignInPage:provider'),
  );
  expect(profile).toBe('development-reviewer');
  await context.close();
});

test.afterAll(async ({ request }) => {
  for (const name of [pipeline, soloPipeline]) {
    await call(request, 'DELETE', `/pipelines/${name}`).catch(() => undefined);
  }
  for (const app of [staging, production, solo]) {
    await call(request, 'DELETE', `/apps/${app}`).catch(() => undefined);
  }
});
