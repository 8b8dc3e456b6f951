import { test, expect, type APIRequestContext } from '@playwright/test';
import { pushNodeApp, shots, signIn } from './support';

/**
 * Promotion with approval, in a real browser against the real portal: staging gets a build from a git
 * push; guest promotes it to production from the Pipeline page (the confirmation shows how the
 * config differs); production requires approval, so the promotion waits, and guest, who asked for it,
 * cannot approve it. A second developer (`user:development/reviewer`, signed in through the
 * development-only provider of packages/backend) approves it; production then runs the same build, and
 * guest's notification of the approval leads back to the Pipeline page. Screenshots go to
 * e2e-test-report/screenshots.
 */
const id = Date.now().toString(36);
const pipeline = `pl-${id}`;
const staging = `pl-${id}-staging`;
const production = `pl-${id}-prod`;
/** guest and reviewer are both members (examples/org.yaml): both may update the apps. */
const owner = 'group:default/developers';
const backend = 'http://localhost:7007/api';

/** A Backstage token for guest (the portal's sign-in) or a development user, e.g. reviewer. */
async function tokenOf(
  request: APIRequestContext,
  who: 'guest' | 'reviewer',
): Promise<string> {
  const url =
    who === 'guest'
      ? `${backend}/auth/guest/refresh?env=development`
      : `${backend}/auth/development-user/refresh?env=development&user=${who}`;
  const response = await request.get(url, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

/** Calls a backend API as `who`, outside the browser; returns the status and the body. */
async function call(
  request: APIRequestContext,
  method: string,
  url: string,
  options: { data?: object; as?: 'guest' | 'reviewer' } = {},
) {
  const response = await request.fetch(`${backend}${url}`, {
    method,
    headers: {
      Authorization: `Bearer ${await tokenOf(request, options.as ?? 'guest')}`,
    },
    data: options.data,
  });
  const text = await response.text();
  return { status: response.status(), body: text ? JSON.parse(text) : {} };
}

/** Like `call`, and expects success. */
async function callOk(
  request: APIRequestContext,
  method: string,
  url: string,
  options: { data?: object; as?: 'guest' | 'reviewer' } = {},
) {
  const { status, body } = await call(request, method, url, options);
  expect(status, `${method} ${url}: ${JSON.stringify(body)}`).toBeLessThan(300);
  return body;
}

let sha = '';

test.describe.configure({ mode: 'serial' });

test('a pipeline with staging and production (which requires approval), and a build on staging', async ({
  request,
}) => {
  for (const app of [staging, production]) {
    await callOk(request, 'POST', '/slipway/apps', {
      data: { name: app, owner },
    });
  }
  await callOk(request, 'POST', '/slipway/pipelines', {
    data: { name: pipeline, owner },
  });
  await callOk(
    request,
    'PUT',
    `/slipway/pipelines/${pipeline}/apps/${staging}`,
    {
      data: { stage: 'staging' },
    },
  );
  await callOk(
    request,
    'PUT',
    `/slipway/pipelines/${pipeline}/apps/${production}`,
    { data: { stage: 'production' } },
  );
  await callOk(request, 'PATCH', `/slipway/apps/${production}/settings`, {
    data: { requireApproval: true },
  });
  await callOk(request, 'PATCH', `/slipway/apps/${staging}/config`, {
    data: { values: { GREETING: 'staging' } },
  });
  await callOk(request, 'PATCH', `/slipway/apps/${production}/config`, {
    data: { values: { GREETING: 'production' } },
  });

  sha = await pushNodeApp(
    request,
    staging,
    "require('http').createServer((req, res) => res.end(`hello ${process.env.GREETING}`)).listen(process.env.PORT);\n",
  );
  await expect
    .poll(
      async () => {
        const p = await callOk(
          request,
          'GET',
          `/slipway/pipelines/${pipeline}`,
        );
        const app = p.stages.staging[0];
        return `${app.release?.build?.sha} ${app.status}`;
      },
      { timeout: 120_000 },
    )
    .toBe(`${sha} succeeded`);
});

test('guest promotes from the Pipeline page after seeing the config diff; the promotion waits, and guest cannot approve it', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto(`/slipway/pipelines/${pipeline}`);
  const productionStage = page.getByRole('region', {
    name: 'Stage production',
  });
  await expect(productionStage).toContainText('no build yet');

  await page.getByRole('button', { name: `Promote to ${production}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(
    `${production} will run build ${sha.slice(0, 7)} of ${staging}`,
  );
  const diff = dialog.getByRole('table', { name: 'Config differences' });
  await expect(diff.getByRole('row', { name: /GREETING/ })).toContainText(
    `${production}GREETINGstagingproduction`,
  );
  await page.screenshot({
    path: `${shots}/pipeline-promote.png`,
    fullPage: true,
  });
  await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
  await expect(
    page.getByText(`${production} waits for approval`),
  ).toBeVisible();

  const pending = page.getByRole('group', {
    name: `Promotion to ${production}`,
  });
  await expect(pending).toContainText(
    `wants to promote ${sha.slice(0, 7)} from ${staging}`,
  );
  const reason =
    'You requested this promotion; another user must approve or reject it';
  for (const button of ['Approve', 'Reject']) {
    await expect(pending.getByRole('button', { name: button })).toBeDisabled();
    await expect(pending.getByRole('button', { name: button })).toHaveAttribute(
      'title',
      reason,
    );
  }
  await page.screenshot({
    path: `${shots}/pipeline-pending.png`,
    fullPage: true,
  });

  // The API holds to the same rule: guest's own approval is refused and changes nothing.
  const p = await callOk(request, 'GET', `/slipway/pipelines/${pipeline}`);
  expect(p.pending).toHaveLength(1);
  const refused = await call(
    request,
    'POST',
    `/slipway/promotions/${p.pending[0].id}/approve`,
  );
  expect(refused.status).toBe(403);
  expect(refused.body.error.message).toMatch(/a different user must approve/);
  const still = await callOk(
    request,
    'GET',
    `/slipway/promotions/${p.pending[0].id}`,
  );
  expect(still.status).toBe('pending');
});

test('another developer approves; production runs the same build, and guest is notified with a link to the pipeline', async ({
  page,
  request,
}) => {
  const p = await callOk(request, 'GET', `/slipway/pipelines/${pipeline}`);
  const approved = await callOk(
    request,
    'POST',
    `/slipway/promotions/${p.pending[0].id}/approve`,
    { as: 'reviewer' },
  );
  expect(approved.app).toBe(production);

  await signIn(page);
  await page.goto(`/slipway/pipelines/${pipeline}`);
  const productionApp = page.getByRole('group', { name: `App ${production}` });
  await expect(productionApp).toContainText(
    `v${approved.version} · ${sha.slice(0, 7)}`,
  );
  await expect(productionApp).toContainText('succeeded', { timeout: 120_000 });
  await expect(
    page.getByRole('group', { name: `Promotion to ${production}` }),
  ).toHaveCount(0);
  await expect(
    page.getByText('production is up to date with staging'),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/pipeline-approved.png`,
    fullPage: true,
  });

  // guest asked for the promotion: the sidebar counts the notification, which leads to the pipeline.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByLabel('Unread notifications')).toHaveText(/^[1-9]/);
  await nav.getByRole('link', { name: /Notifications/ }).click();
  const notification = page.getByRole('link', {
    name: `Promotion to ${production} approved`,
  });
  await expect(notification).toBeVisible();
  await expect(
    page.getByText(`Your promotion of ${staging} v`, { exact: false }),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/notifications-approved.png`,
    fullPage: true,
  });
  await notification.click();
  await expect(page).toHaveURL(new RegExp(`/slipway/pipelines/${pipeline}$`));
});

test.afterAll(async ({ request }) => {
  await call(request, 'DELETE', `/slipway/pipelines/${pipeline}`).catch(
    () => undefined,
  );
  for (const app of [staging, production]) {
    await call(request, 'DELETE', `/slipway/apps/${app}`).catch(
      () => undefined,
    );
  }
});
