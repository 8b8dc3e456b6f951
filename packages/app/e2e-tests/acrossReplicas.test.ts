import { test, expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { controlPlaneCluster } from './controlPlaneCluster';
import { startPortalReplicas, type ReplicaSet } from './portalReplicas';
import { shots } from './support';

/**
 * A live page connected to one replica updates when a change is made through another: two
 * development-backend replicas (events and signals backends, runtime kubernetes on the real control
 * plane) on one PostgreSQL. The page's HTTP calls go to replica A, its signals WebSocket to replica
 * B; a key added through replica A's API reaches the page's socket on B through the events bus and
 * shows on the open Config tab within seconds, long before the page's steady 15 s poll.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports, @backstage/no-relative-monorepo-imports -- the test run's control plane
const { ensureControlPlane } = require('../../../scripts/kubeControlPlane');

const suffix = randomBytes(3).toString('hex');
const app = `across-${suffix}`;
const PORTAL_BACKEND = 'http://localhost:7007';
/** Well under the 15 s steady poll: only a signal refetches this soon. */
const LIVE = { timeout: 8_000 };

let plane: { kubeconfig: string; stop(): void } | undefined;
let replicas: ReplicaSet | undefined;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const started = ensureControlPlane(process.env);
  if (started.skipped) {
    if (process.env.CI) throw new Error(started.skipped);
    test.skip(true, started.skipped);
  }
  plane = started;
  replicas = await startPortalReplicas({
    ports: [31070, 31071],
    cluster: await controlPlaneCluster(started.kubeconfig, 'slipway-e2e'),
    name: `slipway_e2e_${suffix}`,
    instance: `e2e-${suffix}`,
  });
});

test.afterAll(async () => {
  await replicas?.stop();
  plane?.stop();
});

/**
 * Sends the page's HTTP calls to `http` and its signals WebSocket to `signals`; returns the channels
 * the page subscribed to and those it heard of.
 */
async function connect(page: Page, http: string, signals: string) {
  const heard: string[] = [];
  const subscribed: string[] = [];
  await page.route(`${PORTAL_BACKEND}/**`, route =>
    route.continue({
      url: route.request().url().replace(PORTAL_BACKEND, http),
    }),
  );
  await page.routeWebSocket(
    `${PORTAL_BACKEND.replace('http', 'ws')}/api/signals`,
    route => {
      const server = new WebSocket(
        `${signals.replace('http', 'ws')}/api/signals`,
        route.protocols(),
      );
      const pending: string[] = [];
      server.onopen = () => pending.splice(0).forEach(m => server.send(m));
      server.onmessage = event => {
        heard.push(JSON.parse(String(event.data)).channel);
        route.send(String(event.data));
      };
      server.onclose = () => route.close();
      route.onMessage(message => {
        const { action, channel } = JSON.parse(String(message));
        if (action === 'subscribe') subscribed.push(channel);
        if (server.readyState === WebSocket.OPEN) server.send(String(message));
        else pending.push(String(message));
      });
      route.onClose(() => server.close());
    },
  );
  return { heard, subscribed };
}

test('a Config tab served by replica A, with its signals socket on replica B, shows a key added through replica A within seconds', async ({
  page,
  request,
}) => {
  const [a, b] = replicas!.replicas;
  const { heard, subscribed } = await connect(page, a.url, b.url);

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Apps' }),
  ).toBeVisible();
  // The guest's token, as replica A issued it to the page.
  const token = await page.evaluate(async () => {
    const response = await fetch(
      'http://localhost:7007/api/auth/guest/refresh?env=development',
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    return (await response.json()).backstageIdentity.token as string;
  });
  const callA = async (method: string, url: string, data: object) => {
    const response = await request.fetch(`${a.url}/api/slipway${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
      data,
    });
    expect(response.status(), await response.text()).toBeLessThan(300);
  };
  await callA('POST', '/apps', { name: app });

  await page.goto(`/catalog/default/component/${app}/slipway`);
  await expect(page.getByText(`Slipway app ${app}`)).toBeVisible({
    timeout: 60_000,
  });
  await page.getByRole('tab', { name: 'Config', exact: true }).click();
  const table = page.getByRole('table', { name: 'Config vars' });
  await expect(table).toBeVisible();
  await expect
    .poll(() => subscribed, { timeout: 10_000 })
    .toContain(`slipway:app:${app}`);

  await callA('PATCH', `/apps/${app}/config`, {
    values: { ADDED_ON_A: 'through replica A' },
  });
  await expect(table.getByText('ADDED_ON_A')).toBeVisible(LIVE);
  expect(heard).toContain(`slipway:app:${app}`);
  await page.screenshot({
    path: `${shots}/across-replicas-config.png`,
    fullPage: true,
  });
  await callA('DELETE', `/apps/${app}`, {});
});
