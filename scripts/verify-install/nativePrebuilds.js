/*
 * Native addons in the portal's install. better-sqlite3 has no prebuilt binary reachable here (its
 * install downloads one from GitHub), so it compiles from source: node-gyp needs the headers of the
 * Node that runs the portal (npm_config_nodedir; this machine's ~/.npmrc names Node 20's, and npm
 * passes that on to its scripts). When this repository's install compiled the same better-sqlite3
 * for the same Node, that binary is offered to the portal's install as a "local prebuild", which
 * prebuild-install (better-sqlite3's install step) looks for before downloading or compiling.
 * Set SLIPWAY_VERIFY_COMPILE=1 to compile anyway.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./run');
const { readJson } = require('./pack');

const NATIVE = [
  { name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node' },
];

/** The headers of the running Node: the `node` package and Debian's node both ship include/node. */
function nodeHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include/node/node.h'))
    ? prefix
    : undefined;
}

/** The environment for the portal's installs. */
async function nativeBuildEnv(root, dir, log) {
  const env = {};
  const headers = nodeHeaders();
  if (headers) env.npm_config_nodedir = headers;
  if (process.env.SLIPWAY_VERIFY_COMPILE === '1') return env;
  for (const { name, binary } of NATIVE) {
    const installed = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(installed, binary))) continue;
    // Only a binary built for this Node's ABI (CI installs the repository on Node 22 and may boot
    // the portal on Node 24).
    const loads = spawnSync(process.execPath, [
      '-e',
      `require(${JSON.stringify(path.join(installed, binary))})`,
    ]);
    if (loads.status !== 0) continue;
    const { version } = readJson(path.join(installed, 'package.json'));
    const abi = process.versions.modules;
    const file = `${name}-v${version}-node-v${abi}-${process.platform}-${process.arch}.tar.gz`;
    fs.mkdirSync(dir, { recursive: true });
    await run('tar', ['czf', path.join(dir, file), '-C', installed, binary], {
      cwd: dir,
      log,
    });
    env[`npm_config_${name.replace(/[^a-zA-Z0-9]/g, '_')}_local_prebuilds`] =
      dir;
  }
  return env;
}

module.exports = { nativeBuildEnv, nodeHeaders };
