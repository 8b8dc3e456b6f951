/*
 * Building and packing the publishable packages exactly as `npm publish` would: `npm pack`
 * runs each package's `backstage-cli package prepack`/`postpack`.
 */
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./run');

/** Every workspace package that is not private, found from the root package.json's workspaces. */
function publishablePackages(root) {
  const { workspaces } = readJson(path.join(root, 'package.json'));
  const dirs = workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    return fs.readdirSync(parent).map(name => path.join(parent, name));
  });
  return dirs
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({
      dir,
      packageJson: readJson(path.join(dir, 'package.json')),
    }))
    .filter(({ packageJson }) => !packageJson.private)
    .sort((a, b) => a.packageJson.name.localeCompare(b.packageJson.name));
}

/** The file name `npm pack` gives a package's tarball. */
function tarballName({ name, version }) {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

async function buildPackages(root, logs) {
  const log = path.join(logs, 'build.log');
  await run('npx', ['tsc'], { cwd: root, log });
  await run('npx', ['backstage-cli', 'repo', 'build'], { cwd: root, log });
}

/**
 * Packs the packages into `destination` and unpacks each tarball next to it, so the checks read
 * what a user would download. Returns one entry per package.
 */
async function packPackages(root, packages, destination, logs) {
  fs.mkdirSync(destination, { recursive: true });
  // One `npm pack` at a time: each one's prepack rewrites its package.json, and an npm starting meanwhile reads
  // every workspace's package.json and fails on the half-written one ("Exit prior to config file resolving").
  const packed = [];
  for (const { dir, packageJson } of packages) {
    const log = path.join(
      logs,
      `pack-${packageJson.name.replace(/\W+/g, '-')}.log`,
    );
    await run('npm', ['pack', '--pack-destination', destination], {
      cwd: dir,
      log,
    });
    const tarball = path.join(destination, tarballName(packageJson));
    if (!fs.existsSync(tarball)) {
      throw new Error(`npm pack wrote no ${tarball}`);
    }
    const unpacked = path.join(destination, 'unpacked', packageJson.name);
    fs.mkdirSync(unpacked, { recursive: true });
    await run('tar', ['xzf', tarball, '-C', unpacked, '--strip-components=1'], {
      cwd: destination,
      log,
    });
    packed.push({
      name: packageJson.name,
      version: packageJson.version,
      sourceDir: dir,
      tarball,
      unpacked,
      packed: readJson(path.join(unpacked, 'package.json')),
    });
  }
  return packed;
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = {
  publishablePackages,
  buildPackages,
  packPackages,
  tarballName,
  readJson,
};
