/*
 * better-sqlite3 has no prebuilt binary reachable here (its install downloads one from GitHub), so
 * every install compiles SQLite from source: minutes on two cores. The main install already
 * compiled the same version for the same Node; this offers that binary to the scratch install as a
 * "local prebuild", which prebuild-install (better-sqlite3's install step) looks for before
 * downloading. Set SLIPWAY_VERIFY_COMPILE=1 to compile anyway.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./run');
const { readJson } = require('./pack');

const NATIVE = [
  { name: 'better-sqlite3', binary: 'build/Release/better_sqlite3.node' },
];

/** Returns the environment variables that point prebuild-install at the local prebuilds. */
async function localPrebuilds(root, dir, log) {
  if (process.env.SLIPWAY_VERIFY_COMPILE === '1') return {};
  const env = {};
  for (const { name, binary } of NATIVE) {
    const installed = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(installed, binary))) continue;
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

module.exports = { localPrebuilds };
