#!/usr/bin/env node
/*
 * `npm run build:backend`: the portal backend's production bundle, for packages/backend/Dockerfile.
 *
 * `backstage-cli package build` bundles a backend only in a Yarn workspace (it copies the root
 * yarn.lock into the bundle), so this builds the same two archives with npm's own tools:
 *   packages/backend/dist/skeleton.tar.gz  root package.json, package-lock.json, .npmrc and the
 *                                          package.json of every bundled workspace (for `npm install`)
 *   packages/backend/dist/bundle.tar.gz    the same plus the backend's compiled code, each Slipway
 *                                          package it depends on exactly as `npm pack` packs it, and
 *                                          the frontend bundle (served by the app backend plugin)
 *
 * Options: --skip-app reuses an existing packages/app/dist instead of building the frontend.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run } = require('../verify-install/run');
const {
  publishablePackages,
  buildPackages,
  packPackages,
  readJson,
} = require('../verify-install/pack');

const ROOT = path.resolve(__dirname, '../..');
const BACKEND = path.join(ROOT, 'packages/backend');
const APP = path.join(ROOT, 'packages/app');
const ROOT_FILES = ['package.json', 'package-lock.json', '.npmrc'];

async function buildBackendBundle({ skipApp = false } = {}) {
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), 'slipway-backend-bundle-'),
  );
  const logs = path.join(work, 'logs');
  const workspace = path.join(work, 'workspace');
  try {
    await buildPackages(ROOT, logs);
    // The backend's own code, compiled like any Backstage package (the backend role would also
    // try to bundle, the Yarn way); its dependencies stay external.
    fs.rmSync(path.join(BACKEND, 'dist'), { recursive: true, force: true });
    await run('npx', ['backstage-cli', 'package', 'build', '--role', 'cli'], {
      cwd: BACKEND,
      log: path.join(logs, 'backend.log'),
    });
    if (!skipApp || !fs.existsSync(path.join(APP, 'dist/index.html'))) {
      await run('npm', ['run', 'build', '--workspace=app'], {
        cwd: ROOT,
        log: path.join(logs, 'app.log'),
      });
    }

    const packages = workspaceDependencies(
      readJson(path.join(BACKEND, 'package.json')),
    );
    const packed = await packPackages(
      ROOT,
      packages,
      path.join(work, 'tarballs'),
      logs,
    );

    for (const file of ROOT_FILES)
      copy(path.join(ROOT, file), path.join(workspace, file));
    copy(
      path.join(BACKEND, 'package.json'),
      path.join(workspace, 'packages/backend/package.json'),
    );
    copy(
      path.join(BACKEND, 'dist'),
      path.join(workspace, 'packages/backend/dist'),
    );
    // The frontend is bundled: its package.json keeps no dependencies, as backstage-cli does it.
    const app = readJson(path.join(APP, 'package.json'));
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies'])
      delete app[key];
    writeJson(path.join(workspace, 'packages/app/package.json'), app);
    copy(path.join(APP, 'dist'), path.join(workspace, 'packages/app/dist'));
    for (const p of packed) {
      copy(p.unpacked, path.join(workspace, path.relative(ROOT, p.sourceDir)));
    }

    const dist = path.join(BACKEND, 'dist');
    const packageJsons = [
      ...ROOT_FILES,
      'packages/backend/package.json',
      'packages/app/package.json',
      ...packed.map(p =>
        path.join(path.relative(ROOT, p.sourceDir), 'package.json'),
      ),
    ];
    await tar(
      path.join(dist, 'skeleton.tar.gz'),
      workspace,
      packageJsons,
      logs,
    );
    await tar(
      path.join(dist, 'bundle.tar.gz'),
      workspace,
      fs.readdirSync(workspace),
      logs,
    );
    fs.rmSync(work, { recursive: true, force: true });
    return {
      skeleton: path.join(dist, 'skeleton.tar.gz'),
      bundle: path.join(dist, 'bundle.tar.gz'),
      packages: packed.map(p => p.name),
    };
  } catch (error) {
    error.message += `\n(kept ${work})`;
    throw error;
  }
}

/** The workspace packages the backend depends on, directly or through each other. */
function workspaceDependencies(packageJson) {
  const workspace = new Map(
    publishablePackages(ROOT).map(p => [p.packageJson.name, p]),
  );
  const found = new Map();
  const visit = pkg => {
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const dep = workspace.get(name);
      if (dep && !found.has(name)) {
        found.set(name, dep);
        visit(dep.packageJson);
      }
    }
  };
  visit(packageJson);
  return [...found.values()];
}

function tar(file, cwd, entries, logs) {
  // Sorted entries, fixed owner and times: the same inputs give the same archive contents.
  return run(
    'tar',
    [
      'czf',
      file,
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=1970-01-01',
      ...entries.sort(),
    ],
    { cwd, log: path.join(logs, 'tar.log') },
  );
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

module.exports = { buildBackendBundle };

if (require.main === module) {
  buildBackendBundle({ skipApp: process.argv.includes('--skip-app') }).then(
    ({ skeleton, bundle, packages }) => {
      console.log(
        `wrote ${path.relative(ROOT, skeleton)} and ${path.relative(
          ROOT,
          bundle,
        )}`,
      );
      console.log(`with ${packages.join(', ')}`);
    },
    error => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
