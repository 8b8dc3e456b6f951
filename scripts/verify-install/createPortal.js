/*
 * The portal a platform team starts from: `npx @backstage/create-app` of the current release,
 * made in a temporary directory outside this repository, with the template's own Yarn
 * (`.yarnrc.yml` yarnPath). create-app only checks that some `yarn` runs; a Yarn 1 from the npm
 * registry in a tools folder does, and inside the portal it hands every command to the
 * template's Yarn 4, as a `yarn` from `npm i -g yarn` or corepack would.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./run');
const { readJson } = require('./pack');

/** create-app 0.9.2 makes a portal of Backstage 1.55.0, the release in this repository's backstage.json. */
const CREATE_APP = '@backstage/create-app@0.9.2';

/** Installs Yarn 1 into `tools` and returns the PATH entry holding `yarn`. */
async function yarnLauncher(tools, log) {
  fs.mkdirSync(tools, { recursive: true });
  fs.writeFileSync(path.join(tools, 'package.json'), '{"private":true}\n');
  await run('npm', ['install', '--no-audit', '--no-fund', 'yarn@1'], {
    cwd: tools,
    log,
  });
  return path.join(tools, 'node_modules/.bin');
}

/** Runs create-app into `dir` (without its install, which the caller times on its own). */
async function createPortal({ dir, env, log }) {
  await run('npx', ['--yes', CREATE_APP, '--path', dir, '--skip-install'], {
    cwd: path.dirname(dir),
    env: { ...env, BACKSTAGE_APP_NAME: path.basename(dir) },
    log,
  });
  const { yarnPath } = yarnRc(dir);
  if (!yarnPath || !fs.existsSync(path.join(dir, yarnPath))) {
    throw new Error(`the portal's .yarnrc.yml names no Yarn release`);
  }
  return {
    createApp: CREATE_APP,
    release: readJson(path.join(dir, 'backstage.json')).version,
    yarn: path.basename(yarnPath),
  };
}

/** The top-level `key: value` lines of the portal's .yarnrc.yml. */
function yarnRc(dir) {
  const text = fs.readFileSync(path.join(dir, '.yarnrc.yml'), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^(\w+):\s*(\S.*)$/gm)].map(m => [m[1], m[2].trim()]),
  );
}

module.exports = { createPortal, yarnLauncher, CREATE_APP };
