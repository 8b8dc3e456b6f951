import { test, expect, type Page } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callApi, pushNodeApp, shots, signIn } from './support';

/**
 * Starting an app for code the user already has (issue 23, items 5, 10, 11, 13, 15, 16): an
 * empty app from the Apps page, pushed with real git exactly as its page says; a remote that
 * already has commits and the page's --force way; the template list on the local runtime and a
 * taken name reported before Create; a one-off run's output as it is printed; Builds, Releases
 * and Activity at 1400 and 1024 px.
 */
const stamp = Date.now().toString(36);
const empty = `empty-${stamp}`;
const seeded = `seeded-${stamp}`;

test.describe.configure({ mode: 'serial' });

/** What the app answers through the builtin router (by Host header). */
async function answer(page: Page, app: string): Promise<string> {
  const response = await page.request.get('http://127.0.0.1:8080/', {
    headers: { Host: `${app}.localhost` },
  });
  return `${response.status()} ${await response.text()}`;
}

/** A repository of the user's own: its own history, a web server printing `text`. */
function ownRepository(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.0.0',
      scripts: { start: 'node server.js' },
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'server.js'),
    `require('http').createServer((q, s) => s.end(${JSON.stringify(
      text,
    )})).listen(process.env.PORT);\n`,
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'my own history');
  return dir;
}

const AUTHOR = ['-c', 'user.email=e2e@example.test', '-c', 'user.name=e2e'];

function git(dir: string, ...args: string[]) {
  return execFileSync('git', [...AUTHOR, ...args], { cwd: dir, stdio: 'pipe' });
}

/**
 * Runs a command the page shows, as a user would type it (`git ...`), giving "any user name and
 * a deploy token as the password" when git asks; returns its exit code and output.
 */
function runAsShown(dir: string, command: string, token: string) {
  const args = command.split(' ').slice(1);
  const helper = `!f() { echo username=me; echo password=${token}; }; f`;
  const result = spawnSync(
    'git',
    [...AUTHOR, '-c', `credential.helper=${helper}`, ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

async function shoot(page: Page, name: string) {
  for (const width of [1400, 1024]) {
    await page.setViewportSize({ width, height: width === 1024 ? 768 : 900 });
    await page.screenshot({
      path: `${shots}/${name}-${width}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

async function openTab(page: Page, app: string, tab: string) {
  await page.goto(`/catalog/default/component/${app}/slipway`);
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

test('create an empty app from the Apps page and push an existing repository as its page says', async ({
  page,
  request,
}) => {
  await signIn(page);
  await page.goto('/slipway');
  await page.getByRole('button', { name: 'Create app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create an empty app' });
  await expect(dialog.getByLabel('Owner')).toHaveValue(/^user:/);
  await dialog.getByLabel('Name').fill(empty);
  await expect(dialog.getByText(`"${empty}" is available`)).toBeVisible();
  await shoot(page, 'create-app-dialog');
  await dialog.getByRole('button', { name: 'Create' }).click();

  // Its page: no code yet, and the two commands for a repository the user already has.
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${empty}/slipway`),
  );
  await expect(page.getByText(/This app has no code yet/)).toBeVisible({
    timeout: 60_000,
  });
  const addRemote = await page
    .getByLabel('Git remote command', { exact: true })
    .innerText();
  const push = await page
    .getByLabel('Push command', { exact: true })
    .innerText();
  expect(addRemote).toMatch(
    new RegExp(`^git remote add slipway http://\\S+/git/${empty}\\.git$`),
  );
  expect(push).toBe('git push slipway main');
  await shoot(page, 'empty-app-overview');

  const { token } = await callApi(request, 'POST', `/apps/${empty}/tokens`, {
    description: 'e2e',
  });
  const dir = ownRepository(empty, 'from my own repository');
  try {
    expect(runAsShown(dir, addRemote, token).code).toBe(0);
    const pushed = runAsShown(dir, push, token);
    expect(pushed.output).toContain('Released v2');
    expect(pushed.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await expect
    .poll(() => answer(page, empty), { timeout: 60_000 })
    .toBe('200 from my own repository');
});

test('a remote that already has commits: the page says how to push an existing repository, and --force does it', async ({
  page,
  request,
}) => {
  await callApi(request, 'POST', '/apps', { name: seeded });
  await pushNodeApp(request, seeded); // like a template: sample code on the remote
  await signIn(page);
  await page.goto(`/catalog/default/component/${seeded}/slipway`);
  await expect(page.getByText(/already has commits/)).toBeVisible({
    timeout: 60_000,
  });
  const addRemote = await page
    .getByLabel('Git remote command', { exact: true })
    .innerText();
  const force = await page
    .getByLabel('Force push command', { exact: true })
    .innerText();
  expect(force).toBe('git push --force slipway main');
  await shoot(page, 'seeded-app-overview');

  const { token } = await callApi(request, 'POST', `/apps/${seeded}/tokens`, {
    description: 'e2e',
  });
  const dir = ownRepository(seeded, 'replaced by force');
  try {
    expect(runAsShown(dir, addRemote, token).code).toBe(0);
    // Plain push: refused by git, as the page warns.
    const plain = runAsShown(dir, 'git push slipway main', token);
    expect(plain.code).not.toBe(0);
    expect(plain.output).toMatch(/fetch first|non-fast-forward/);
    const forced = runAsShown(dir, force, token);
    expect(forced.output).toContain('Released v3');
    expect(forced.code).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await expect
    .poll(() => answer(page, seeded), { timeout: 60_000 })
    .toBe('200 replaced by force');
});

test('templates on the local runtime: no image template, the two ways to start first, a taken name reported before Create', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/slipway');
  await page.getByRole('link', { name: 'From a template' }).click();
  await expect(page.getByText('Empty app', { exact: true })).toBeVisible();
  await expect(page.getByText('Start here')).toBeVisible();
  await expect(page.getByText('Deploy a container image')).toHaveCount(0);
  await shoot(page, 'templates-local');

  await page.getByRole('textbox', { name: 'Search' }).fill('Empty app');
  await expect(page.getByRole('button', { name: 'Choose' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(empty);
  await expect(
    page.getByText(`An app named "${empty}" already exists`).first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  // Still on the form: the step does not validate, nothing was created.
  await expect(page.getByRole('button', { name: 'Review' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await shoot(page, 'template-name-taken');
});

test("a one-off command's output shows as it is printed", async ({ page }) => {
  await signIn(page);
  await openTab(page, seeded, 'Scale');
  await page
    .getByLabel('Command', { exact: true })
    .fill('echo first-line; sleep 20; echo last-line');
  await page.getByRole('button', { name: 'Run' }).click();
  const output = page.getByRole('log', { name: 'Command output' });
  // The first line arrives while the command still runs (it sleeps 20 s before its last line).
  await expect(output).toContainText('first-line', { timeout: 15_000 });
  await expect(page.getByText('Running…')).toBeVisible();
  await expect(output).not.toContainText('last-line');
  await shoot(page, 'run-streaming');
  await expect(page.getByText('Exited with code 0')).toBeVisible({
    timeout: 60_000,
  });
  await expect(output).toContainText('last-line');
});

test('Builds, Releases and Activity at 1400 and 1024 px', async ({ page }) => {
  await signIn(page);
  await openTab(page, seeded, 'Builds');
  await expect(page.getByRole('table', { name: 'Builds' })).toBeVisible();
  await shoot(page, 'builds');
  await page
    .getByRole('button', { name: /Show log of build/ })
    .first()
    .click();
  const log = page.getByRole('dialog').getByRole('log', { name: 'Build log' });
  await expect(log).toBeInViewport();
  await shoot(page, 'build-log');
  await page.getByRole('button', { name: 'Close' }).click();

  await openTab(page, seeded, 'Releases');
  await expect(page.getByText('v3').first()).toBeVisible();
  await shoot(page, 'releases');

  await openTab(page, seeded, 'Activity');
  await expect(page.getByRole('table', { name: 'Events' })).toBeVisible();
  await shoot(page, 'activity');
});
