import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the end-to-end tests save their screenshots. */
export const shots = 'e2e-test-report/screenshots';
const api = 'http://localhost:7007/api/slipway';

/** A Backstage token of the guest user, as the portal's frontend holds it. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get(
    'http://localhost:7007/api/auth/guest/refresh?env=development',
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

/** Calls the Slipway API as the guest, outside the browser. */
export async function callApi(
  request: APIRequestContext,
  method: string,
  url: string,
  data?: object,
) {
  const token = await guestToken(request);
  const response = await request.fetch(`${api}${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
    data,
  });
  expect(
    response.status(),
    `${method} ${url}: ${await response.text()}`,
  ).toBeLessThan(300);
  return response.status() === 204 ? undefined : response.json();
}

/** Signs in as the guest and waits for the sidebar. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Apps' }),
  ).toBeVisible();
}

const HELLO =
  "require('http').createServer((req, res) => res.end('hello')).listen(process.env.PORT);\n";

/**
 * Pushes a small Node web app (`server.js`) to `app` with real git and a deploy token made through
 * the API; returns the commit. Each push is a new history: `force` for a second push (`git push -f`).
 */
export async function pushNodeApp(
  request: APIRequestContext,
  app: string,
  server: string = HELLO,
  options: { force?: boolean } = {},
) {
  const { token } = await callApi(request, 'POST', `/apps/${app}/tokens`, {
    description: 'e2e push',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${app}-`));
  try {
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: app,
        version: '1.0.0',
        scripts: { start: 'node server.js' },
      }),
    );
    fs.writeFileSync(path.join(dir, 'server.js'), server);
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    const author = ['-c', 'user.email=e2e@example.test', '-c', 'user.name=e2e'];
    git('init', '-q', '-b', 'main');
    git(...author, 'add', '.');
    git(...author, 'commit', '-qm', 'first');
    git(
      'push',
      ...(options.force ? ['--force'] : []),
      `http://e2e:${token}@localhost:7007/api/slipway/git/${app}.git`,
      'main',
    );
    return git('rev-parse', 'HEAD').toString().trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
