/*
 * The scratch portal: a stock Backstage app (new frontend system) and backend, outside the
 * workspaces, that depends on the packed tarballs of the Slipway packages. Backstage packages are
 * pinned to the versions of this repository's package-lock.json, so they install from the npm
 * cache that the main install filled.
 */
const fs = require('node:fs');
const path = require('node:path');
const { readJson } = require('./pack');

const TEMPLATE = path.join(__dirname, 'portal');

/** What each part of the scratch portal depends on, besides the Slipway packages. */
const BACKEND_DEPENDENCIES = [
  '@backstage/backend-defaults',
  '@backstage/backend-plugin-api',
  '@backstage/plugin-auth-backend',
  '@backstage/plugin-auth-backend-module-guest-provider',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-kubernetes-backend',
  '@backstage/plugin-permission-backend',
  '@backstage/plugin-permission-common',
  '@backstage/plugin-permission-node',
  '@backstage/plugin-scaffolder-backend',
  'better-sqlite3',
];
const APP_DEPENDENCIES = [
  '@backstage/cli',
  '@backstage/frontend-defaults',
  '@backstage/plugin-catalog',
  'react',
  'react-dom',
  'react-router-dom',
];
const APP_DEV_DEPENDENCIES = ['@types/react', '@types/react-dom'];
const ROOT_DEV_DEPENDENCIES = ['@backstage/cli', 'node-gyp', 'typescript'];

/** Which Slipway packages each part installs (the others arrive as their dependencies). */
const SLIPWAY_BACKEND = [
  '@slipway/plugin-slipway-backend',
  '@slipway/plugin-scaffolder-backend-module-slipway',
  '@slipway/plugin-catalog-backend-module-slipway',
  '@slipway/plugin-slipway-common',
  '@slipway/plugin-slipway-node',
];
const SLIPWAY_APP = ['@slipway/plugin-slipway'];

/**
 * Writes the portal into `dir`. `packed` are the packed packages (from pack.js); `port` is the
 * backend's port.
 */
function writeScratchPortal({ root, dir, packed, port }) {
  const lock = readJson(path.join(root, 'package-lock.json'));
  const rootPackage = readJson(path.join(root, 'package.json'));
  const locked = name => {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) {
      throw new Error(
        `${name} is not in package-lock.json; the scratch portal uses only locked versions`,
      );
    }
    return version;
  };
  const pinned = names => Object.fromEntries(names.map(n => [n, locked(n)]));
  // Every Slipway package resolves to its tarball, also where one Slipway package depends on
  // another. Absolute paths: npm resolves a relative override from each dependent's folder.
  const tarballs = Object.fromEntries(
    packed.map(p => [p.name, `file:${p.tarball}`]),
  );
  const slipway = names =>
    Object.fromEntries(
      names.map(n => {
        if (!tarballs[n]) throw new Error(`${n} was not packed`);
        return [n, packed.find(p => p.name === n).version];
      }),
    );

  copyDir(TEMPLATE, dir);
  fs.copyFileSync(
    path.join(root, 'packages/backend/src/permissionPolicy.ts'),
    path.join(dir, 'packages/backend/src/permissionPolicy.ts'),
  );
  const config = path.join(dir, 'app-config.yaml');
  fs.writeFileSync(
    config,
    fs
      .readFileSync(config, 'utf8')
      .replaceAll('${VERIFY_PORT}', String(port))
      .replaceAll('${VERIFY_DIR}', dir),
  );
  fs.writeFileSync(
    path.join(dir, '.npmrc'),
    fs.readFileSync(path.join(root, '.npmrc')),
  );

  writeJson(path.join(dir, 'package.json'), {
    name: 'slipway-install-check',
    version: '0.0.0',
    private: true,
    engines: rootPackage.engines,
    workspaces: ['packages/*'],
    devDependencies: pinned(ROOT_DEV_DEPENDENCIES),
    overrides: { ...rootPackage.overrides, ...tarballs },
  });
  writeJson(path.join(dir, 'packages/backend/package.json'), {
    name: 'backend',
    version: '0.0.0',
    private: true,
    main: 'src/index.ts',
    backstage: { role: 'backend' },
    scripts: { start: 'backstage-cli package start' },
    dependencies: {
      ...pinned(BACKEND_DEPENDENCIES),
      ...slipway(SLIPWAY_BACKEND),
    },
    devDependencies: pinned(['@backstage/cli']),
  });
  writeJson(path.join(dir, 'packages/app/package.json'), {
    name: 'app',
    version: '0.0.0',
    private: true,
    bundled: true,
    backstage: { role: 'frontend' },
    scripts: { build: 'backstage-cli package build' },
    dependencies: { ...pinned(APP_DEPENDENCIES), ...slipway(SLIPWAY_APP) },
    devDependencies: pinned(APP_DEV_DEPENDENCIES),
    browserslist: { production: ['>0.2%', 'not dead', 'not op_mini all'] },
  });
  return {
    backstageVersions: pinned([
      ...new Set([...BACKEND_DEPENDENCIES, ...APP_DEPENDENCIES]),
    ]),
  };
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

module.exports = { writeScratchPortal };
