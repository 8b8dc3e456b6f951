/*
 * Boots the portal's backend on SQLite and checks what a platform team relies on after
 * installing Slipway: its API answers, its migrations ran from the packed files, the scaffolder
 * lists its actions, the catalog provider turns an app into an entity, the catalog holds Slipway's
 * templates, the Apps page renders in a browser and a `git push` deploys an app.
 */
const fs = require('node:fs');
const path = require('node:path');
const { start, tail, waitUntilAnswers } = require('./run');
const { checkAppsPage } = require('./browserCheck');
const { pushTinyApp } = require('./gitPush');

const STARTUP_TIMEOUT_MS = 240_000;

/**
 * `configs` are the portal's app-config.yaml and the check's own (ports, database directory): run
 * options, not changes to the portal.
 */
async function bootAndCheck({
  dir,
  port,
  routerPort,
  packed,
  logs,
  configs,
  yarn,
  env,
  screenshot,
  templates,
  database,
}) {
  const log = path.join(logs, 'backend.log');
  const backend = start(
    yarn,
    ['workspace', 'backend', 'start', ...configs.flatMap(c => ['--config', c])],
    { cwd: dir, env, log },
  );
  const base = `http://localhost:${port}`;
  const results = [];
  const check = async (what, fn) => {
    await fn();
    results.push(what);
    console.log(`  ✓ ${what}`);
  };
  try {
    await waitUntilAnswers(`${base}/api/slipway/health`, backend, {
      timeoutMs: STARTUP_TIMEOUT_MS,
      log,
    });
    const token = await guestToken(base);
    const api = (url, init = {}) =>
      fetch(`${base}${url}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      });
    const app = `install-check-${Date.now().toString(36)}`;

    await check(
      'the Slipway API answers (create an app, then list it)',
      async () => {
        const created = await api('/api/slipway/apps', {
          method: 'POST',
          body: JSON.stringify({ name: app }),
        });
        await expectStatus(created, 201, 'POST /api/slipway/apps');
        const list = await json(
          await api('/api/slipway/apps'),
          'GET /api/slipway/apps',
        );
        const items = Array.isArray(list) ? list : list.items;
        if (!items.some(a => a.name === app)) {
          throw new Error(
            `GET /api/slipway/apps does not list ${app}: ${JSON.stringify(
              list,
            )}`,
          );
        }
      },
    );

    await check('the migrations ran from the packed files', () =>
      checkMigrations({ dir, packed, database }),
    );

    await check('the scaffolder lists every slipway:* action', async () => {
      const actions = await json(
        await api('/api/scaffolder/v2/actions'),
        'GET /api/scaffolder/v2/actions',
      );
      const listed = new Set(actions.map(a => a.id));
      const expected = packedActionIds(packed);
      if (expected.length === 0)
        throw new Error('found no slipway:* action ids in the packed code');
      const missing = expected.filter(id => !listed.has(id));
      if (missing.length)
        throw new Error(`the scaffolder does not list ${missing.join(', ')}`);
    });

    await check(
      'the catalog provider registers the app as an entity',
      async () => {
        const url = `/api/catalog/entities/by-name/component/default/${app}`;
        const deadline = Date.now() + 120_000;
        for (;;) {
          const res = await api(url);
          if (res.status === 200) {
            const entity = await res.json();
            const location =
              entity.metadata.annotations?.[
                'backstage.io/managed-by-location'
              ] ?? '';
            if (!location.startsWith('slipway:')) {
              throw new Error(
                `component ${app} is not managed by the Slipway provider: ${location}`,
              );
            }
            return;
          }
          if (Date.now() > deadline)
            throw new Error(`GET ${url} still answers ${res.status}`);
          await sleep(1000);
        }
      },
    );
    await check(
      `the catalog holds Slipway's ${templates} templates (locations with rules: allow [Template])`,
      async () => {
        const deadline = Date.now() + 120_000;
        for (;;) {
          const found = await json(
            await api('/api/catalog/entities/by-query?filter=kind=template'),
            'GET /api/catalog/entities/by-query',
          );
          const slipwayTemplates = found.items.filter(t =>
            JSON.stringify(t.spec?.steps ?? []).includes('slipway:'),
          );
          if (slipwayTemplates.length >= templates) return;
          if (Date.now() > deadline) {
            throw new Error(
              `the catalog holds ${slipwayTemplates.length} of ${templates} Slipway templates`,
            );
          }
          await sleep(2000);
        }
      },
    );

    await check(
      `the Apps page renders in headless Chromium (${screenshot})`,
      () => checkAppsPage({ base, app, screenshot }),
    );

    await check(
      `git push of a tiny app deploys it (answers through the builtin router on :${routerPort})`,
      () => pushTinyApp({ base, api, routerPort, logs }),
    );

    await check(
      'no "Event publish request failed" noise without an events backend',
      async () => {
        const text = fs.readFileSync(log, 'utf8');
        if (/Event (publish|subscribe) request failed/.test(text)) {
          throw new Error(
            `the backend log warns about the missing events backend`,
          );
        }
      },
    );

    await check(
      'the backend ran without crashing (`backstage-cli package start` would restart it)',
      async () => {
        const text = fs.readFileSync(log, 'utf8');
        const starts = text.match(/Listening on :/g)?.length ?? 0;
        if (starts !== 1 || /Assertion failed|Native stack trace/.test(text)) {
          throw new Error(`the backend crashed (started ${starts} times)`);
        }
      },
    );
    return results;
  } catch (error) {
    error.message += `\nthe end of ${log}:\n${tail(log)}`;
    throw error;
  } finally {
    await backend.stop();
  }
}

/** Every migration file in the packed backend is recorded as run in the Slipway database. */
function checkMigrations({ dir, packed, database }) {
  const backend = packed.find(
    p => p.name === '@slipway/plugin-slipway-backend',
  );
  const files = fs
    .readdirSync(path.join(backend.unpacked, 'migrations'))
    .filter(f => /\.(c|m)?js$/.test(f));
  const installed = fs.realpathSync(
    path.join(dir, 'node_modules/@slipway/plugin-slipway-backend'),
  );
  if (!installed.startsWith(dir)) {
    throw new Error(
      `@slipway/plugin-slipway-backend resolves to ${installed}, not to the installed tarball`,
    );
  }
  const Database = require(path.join(dir, 'node_modules/better-sqlite3'));
  const db = new Database(path.join(database, 'slipway.sqlite'), {
    readonly: true,
  });
  try {
    const ran = new Set(
      db
        .prepare('SELECT name FROM knex_migrations')
        .all()
        .map(r => r.name),
    );
    const missing = files.filter(f => !ran.has(f));
    if (files.length === 0 || missing.length) {
      throw new Error(
        `migrations not run: ${missing.join(', ') || '(none packed)'}`,
      );
    }
  } finally {
    db.close();
  }
}

/** The ids of the scaffolder actions in the packed scaffolder module. */
function packedActionIds(packed) {
  const module = packed.find(
    p => p.name === '@slipway/plugin-scaffolder-backend-module-slipway',
  );
  const ids = new Set();
  const visit = d => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.cjs.js')) {
        const source = fs.readFileSync(full, 'utf8');
        for (const m of source.matchAll(/\bid:\s*["'](slipway:[\w:-]+)["']/g))
          ids.add(m[1]);
      }
    }
  };
  visit(path.join(module.unpacked, 'dist'));
  return [...ids].sort();
}

async function guestToken(base) {
  const session = await json(
    await fetch(`${base}/api/auth/guest/refresh`),
    'GET /api/auth/guest/refresh',
  );
  return session.backstageIdentity.token;
}

async function json(res, what) {
  await expectStatus(res, 200, what);
  return res.json();
}

async function expectStatus(res, status, what) {
  if (res.status !== status) {
    const body = (await res.text()).slice(0, 500);
    throw new Error(
      `${what} answered ${res.status}, expected ${status}: ${body}`,
    );
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

module.exports = { bootAndCheck, guestToken, json, expectStatus };
