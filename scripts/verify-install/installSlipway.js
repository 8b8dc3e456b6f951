/*
 * The changes the README's "Install into your Backstage" tells a platform team to make to a stock
 * create-app portal, in the README's order, and nothing else. Each function is one numbered step.
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { run } = require('./run');
const { readJson } = require('./pack');

/** What the README installs into each workspace (the others arrive as their dependencies). */
const BACKEND_PACKAGES = [
  '@slipway/plugin-slipway-backend',
  '@slipway/plugin-scaffolder-backend-module-slipway',
  '@slipway/plugin-catalog-backend-module-slipway',
  '@slipway/plugin-permission-backend-module-slipway',
];
const APP_PACKAGES = ['@slipway/plugin-slipway'];

/**
 * Step 0 (tarballs only): every Slipway package, also where one depends on another, resolves to
 * its tarball through the root package.json's `resolutions`.
 */
function resolveToTarballs(portal, packed) {
  const file = path.join(portal, 'package.json');
  const pkg = readJson(file);
  pkg.resolutions = {
    ...pkg.resolutions,
    ...Object.fromEntries(packed.map(p => [p.name, `file:${p.tarball}`])),
  };
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * Step 1: the packages, as dependencies of the backend and the app workspaces, then `yarn install`
 * (from the registry the README uses `yarn workspace <ws> add`, which does the same; with tarballs
 * that command asks the registry for the unpublished packages first). With them the stock portal's
 * own mismatches: without create-app's seed yarn.lock (fetched from GitHub)
 * @backstage/plugin-signals-backend resolves to a version that needs backend-defaults 0.19; and
 * better-sqlite3 12 aborts Node 24 ("Assertion failed: (env) != nullptr" when a statement is
 * garbage collected), 13 does not.
 */
async function addPackages(portal, { packed, yarn, env, log }) {
  const range = name => `^${packed.find(p => p.name === name).version}`;
  addDependencies(path.join(portal, 'packages/backend/package.json'), {
    '@backstage/backend-defaults': '^0.19.0',
    'better-sqlite3': '^13.2.0',
    ...Object.fromEntries(BACKEND_PACKAGES.map(n => [n, range(n)])),
  });
  addDependencies(
    path.join(portal, 'packages/app/package.json'),
    Object.fromEntries(APP_PACKAGES.map(n => [n, range(n)])),
  );
  await run(yarn, ['install'], { cwd: portal, env, log });
}

function addDependencies(file, dependencies) {
  const pkg = readJson(file);
  pkg.dependencies = Object.fromEntries(
    Object.entries({ ...pkg.dependencies, ...dependencies }).sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * Step 2: packages/backend/src/index.ts: Slipway's policy module in place of the stock allow-all
 * policy module (a backend has one policy), and the three Slipway backend features.
 */
function editBackendIndex(portal) {
  const file = path.join(portal, 'packages/backend/src/index.ts');
  const source = fs.readFileSync(file, 'utf8');
  const allowAll =
    /backend\.add\(\s*import\('@backstage\/plugin-permission-backend-module-allow-all-policy'\),?\s*\);/;
  if (!allowAll.test(source)) {
    throw new Error(`${file} does not add the allow-all policy module`);
  }
  const edited = source
    .replace(
      allowAll,
      "backend.add(import('@slipway/plugin-permission-backend-module-slipway'));",
    )
    .replace(
      'backend.start();',
      [
        '// slipway',
        "backend.add(import('@slipway/plugin-slipway-backend'));",
        "backend.add(import('@slipway/plugin-scaffolder-backend-module-slipway'));",
        "backend.add(import('@slipway/plugin-catalog-backend-module-slipway'));",
        '',
        'backend.start();',
      ].join('\n'),
    );
  fs.writeFileSync(file, edited);
}

/**
 * Step 3: app-config.yaml: Slipway's templates as catalog locations, allowed to hold Templates
 * (a stock catalog allows only Component, System, API, Resource and Location). The README
 * registers them by URL; here they are the files of this repository. And, as the stock portal has
 * no events backend, `events.useEventBus: never` (else every plugin's events service warns once
 * that it found none).
 */
function editAppConfig(portal, templatesDir) {
  const file = path.join(portal, 'app-config.yaml');
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'));
  doc.set('events', doc.createNode({ useEventBus: 'never' }));
  const locations = doc.getIn(['catalog', 'locations']);
  for (const name of fs.readdirSync(templatesDir).sort()) {
    const target = path.join(templatesDir, name, 'template.yaml');
    if (!fs.existsSync(target)) continue;
    locations.add(
      doc.createNode({
        type: 'file',
        target,
        rules: [{ allow: ['Template'] }],
      }),
    );
  }
  fs.writeFileSync(file, doc.toString());
}

/** Step 4: .gitignore: Slipway's development data directory (with its encryption key). */
function ignoreDataDir(portal) {
  fs.appendFileSync(
    path.join(portal, '.gitignore'),
    '\n# Slipway: repositories, slugs, logs and the development encryption key\n.slipway/\n',
  );
}

module.exports = {
  BACKEND_PACKAGES,
  APP_PACKAGES,
  resolveToTarballs,
  addPackages,
  editBackendIndex,
  editAppConfig,
  ignoreDataDir,
};
