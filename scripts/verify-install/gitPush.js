/*
 * A `git push` of a tiny app to the installed Slipway: a deploy token, the app's git remote on the
 * backend, the stock git client, then the new release answering through the builtin router.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { promisify } = require('node:util');

const exec = promisify(execFile);
const DEPLOY_TIMEOUT_MS = 300_000;

async function pushTinyApp({ base, api, routerPort, logs }) {
  const app = `push-check-${Date.now().toString(36)}`;
  const created = await api('/api/slipway/apps', {
    method: 'POST',
    body: JSON.stringify({ name: app }),
  });
  if (created.status !== 201) {
    throw new Error(`POST /api/slipway/apps answered ${created.status}`);
  }
  const tokenResponse = await api(`/api/slipway/apps/${app}/tokens`, {
    method: 'POST',
    body: JSON.stringify({ description: 'verify:install' }),
  });
  if (!tokenResponse.ok) {
    throw new Error(
      `POST /apps/${app}/tokens answered ${
        tokenResponse.status
      }: ${await tokenResponse.text()}`,
    );
  }
  const { token } = await tokenResponse.json();
  const source = path.join(logs, '..', app);
  fs.mkdirSync(source, { recursive: true });
  const greeting = `hello from ${app}`;
  fs.writeFileSync(path.join(source, 'Procfile'), 'web: node server.js\n');
  fs.writeFileSync(
    path.join(source, 'server.js'),
    `require('http').createServer((q, s) => s.end(${JSON.stringify(
      `${greeting}\n`,
    )})).listen(process.env.PORT);\n`,
  );
  const git = (...args) =>
    exec('git', args, {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: source },
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git(
    '-c',
    'user.email=verify@example.com',
    '-c',
    'user.name=verify',
    'commit',
    '-qm',
    'tiny app',
  );
  const remote = `${base.replace(
    '://',
    `://verify:${token}@`,
  )}/api/slipway/git/${app}.git`;
  const pushed = await git('push', remote, 'main').catch(error => error);
  fs.writeFileSync(
    path.join(logs, 'git-push.log'),
    `${pushed.stdout ?? ''}${pushed.stderr ?? ''}`,
  );
  if (pushed instanceof Error) {
    throw new Error(`git push failed: ${pushed.stderr ?? pushed.message}`);
  }
  const deadline = Date.now() + DEPLOY_TIMEOUT_MS;
  for (;;) {
    const body = await get(routerPort, `${app}.localhost`).catch(() => '');
    if (body === `${greeting}\n`) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${app}.localhost:${routerPort} does not answer "${greeting}" (last: ${JSON.stringify(
          body.slice(0, 200),
        )}); see ${path.join(logs, 'git-push.log')}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

function get(port, host) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/', headers: { host }, timeout: 5000 },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

module.exports = { pushTinyApp };
