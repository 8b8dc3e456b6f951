#!/usr/bin/env node
/*
 * `npm run verify:install`: proves the Slipway packages install into a portal made by
 * `@backstage/create-app`, following the README's "Install into your Backstage" (Yarn, tarballs).
 * Builds and packs every publishable package with `npm pack` and checks each tarball holds every
 * file its code and package.json refer to; creates a stock portal in a temporary directory outside
 * this repository, installs it with the template's own Yarn, makes the README's changes and only
 * those, type checks and builds it, checks with `yarn why` that Slipway brings no second copy of a
 * Backstage package, boots its backend on SQLite and checks the API, the migrations, the
 * scaffolder actions, the catalog provider and templates, the Apps page in headless Chromium and a
 * `git push` of a tiny app. Every step is timed.
 *
 * Options: --keep keeps the temporary directory (it is always kept when a step fails).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, freePort } = require('./run');
const {
  publishablePackages,
  buildPackages,
  packPackages,
  readJson,
} = require('./pack');
const { checkTarballs, checkTheChecks } = require('./tarballChecks');
const { createPortal, yarnLauncher } = require('./createPortal');
const {
  resolveToTarballs,
  addPackages,
  editBackendIndex,
  editAppConfig,
  ignoreDataDir,
} = require('./installSlipway');
const { nativeBuildEnv } = require('./nativePrebuilds');
const { checkSingleCopies } = require('./singleCopies');
const { bootAndCheck } = require('./bootChecks');

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(
  ROOT,
  'e2e-test-report/verify-install/apps-page.png',
);

async function main() {
  const keep = process.argv.includes('--keep');
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), 'slipway-verify-install-'),
  );
  const logs = path.join(work, 'logs');
  const portal = path.join(work, 'portal');
  const timings = [];
  const step = async (name, fn) => {
    console.log(`\n=== ${name}`);
    const started = Date.now();
    const result = await fn();
    const seconds = (Date.now() - started) / 1000;
    timings.push([name, seconds]);
    console.log(`    (${seconds.toFixed(1)} s)`);
    return result;
  };
  console.log(
    `verify:install in ${work} (Node ${process.version}, logs in ${logs})`,
  );
  const started = Date.now();
  try {
    const packages = publishablePackages(ROOT);
    await step('build the packages (tsc, backstage-cli repo build)', () =>
      buildPackages(ROOT, logs),
    );
    const packed = await step(`npm pack ${packages.length} packages`, () =>
      packPackages(ROOT, packages, path.join(work, 'tarballs'), logs),
    );
    for (const p of packed) console.log(`  ${path.basename(p.tarball)}`);

    await step('check the tarballs', () => {
      const problems = [
        ...checkTarballs(packed),
        ...checkTheChecks(packed, path.join(work, 'mutated')),
      ];
      if (problems.length) {
        throw new Error(
          `the tarballs are incomplete:\n  ${problems.join('\n  ')}`,
        );
      }
    });

    const yarnBin = await step('Yarn 1 launcher from the npm registry', () =>
      yarnLauncher(path.join(work, 'tools'), path.join(logs, 'tools.log')),
    );
    const env = {
      PATH: `${yarnBin}${path.delimiter}${process.env.PATH}`,
      // With CI set Yarn refuses to change yarn.lock; a new portal's install writes it.
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      ...(await nativeBuildEnv(
        ROOT,
        path.join(work, 'prebuilds'),
        path.join(logs, 'prebuilds.log'),
      )),
    };
    const yarn = 'yarn';
    const created = await step('npx @backstage/create-app --skip-install', () =>
      createPortal({
        dir: portal,
        env,
        log: path.join(logs, 'create-app.log'),
      }),
    );
    const slipwayRelease = readJson(path.join(ROOT, 'backstage.json')).version;
    console.log(
      `  portal: Backstage ${created.release} (${created.createApp}, ${created.yarn}); Slipway: Backstage ${slipwayRelease}`,
    );

    const installLog = path.join(logs, 'install.log');
    await step('yarn install (the stock portal)', () =>
      run(yarn, ['install'], { cwd: portal, env, log: installLog }),
    );
    await step(
      "the README's changes: resolutions to the tarballs, dependencies + yarn install, index.ts, app-config.yaml, .gitignore",
      async () => {
        resolveToTarballs(portal, packed);
        await addPackages(portal, { packed, yarn, env, log: installLog });
        editBackendIndex(portal);
        editAppConfig(portal, path.join(ROOT, 'templates'));
        ignoreDataDir(portal);
      },
    );
    await step('yarn tsc', () =>
      run(yarn, ['tsc'], {
        cwd: portal,
        env,
        log: path.join(logs, 'tsc.log'),
      }),
    );
    await step('yarn workspace app build (the app bundle)', () =>
      run(yarn, ['workspace', 'app', 'build'], {
        cwd: portal,
        env,
        log: path.join(logs, 'app-build.log'),
      }),
    );
    await step('yarn build:backend', () =>
      run(yarn, ['build:backend'], {
        cwd: portal,
        env,
        log: path.join(logs, 'backend-build.log'),
      }),
    );
    const copies = await step(
      'yarn why: one copy of each Backstage package Slipway uses',
      () => checkSingleCopies({ portal, packed, yarn, env }),
    );
    console.log(
      `  ${'package'.padEnd(50)} version (portal ${
        created.release
      }, Slipway ${slipwayRelease})`,
    );
    for (const line of copies.lines) console.log(`  ${line}`);
    if (copies.problems.length) {
      throw new Error(
        `Slipway brings its own copies:\n  ${copies.problems.join('\n  ')}`,
      );
    }

    const port = await freePort();
    const routerPort = await freePort();
    const configs = [
      path.join(portal, 'app-config.yaml'),
      writeRunConfig(work, { port, routerPort }),
    ];
    await step('boot the backend on SQLite and check it', () =>
      bootAndCheck({
        dir: portal,
        port,
        routerPort,
        packed,
        logs,
        configs,
        yarn,
        env,
        screenshot: SCREENSHOT,
        templates: fs
          .readdirSync(path.join(ROOT, 'templates'))
          .filter(t =>
            fs.existsSync(path.join(ROOT, 'templates', t, 'template.yaml')),
          ).length,
        database: path.join(work, 'sqlite'),
      }),
    );

    console.log('\nverify:install passed.');
    printTimings(timings, started);
    if (!keep) fs.rmSync(work, { recursive: true, force: true });
  } catch (error) {
    printTimings(timings, started);
    console.error(
      `\nverify:install FAILED: ${error.message}\n(kept ${work}; logs in ${logs})`,
    );
    process.exitCode = 1;
  }
}

/**
 * The check's own config, given with --config after the portal's app-config.yaml: free ports, the
 * app served by the backend, and SQLite in files (so the migrations can be read back).
 */
function writeRunConfig(work, { port, routerPort }) {
  const file = path.join(work, 'app-config.verify.yaml');
  const base = `http://localhost:${port}`;
  fs.writeFileSync(
    file,
    [
      'app:',
      `  baseUrl: ${base}`,
      'backend:',
      `  baseUrl: ${base}`,
      '  listen:',
      `    port: ${port}`,
      '  cors:',
      `    origin: ${base}`,
      '  database:',
      '    client: better-sqlite3',
      '    connection:',
      `      directory: ${path.join(work, 'sqlite')}`,
      'slipway:',
      '  builtin:',
      `    httpPort: ${routerPort}`,
      '    httpsPort: 0',
      '',
    ].join('\n'),
  );
  return file;
}

function printTimings(timings, started) {
  console.log('\ntimings:');
  for (const [name, seconds] of timings) {
    console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${name}`);
  }
  console.log(
    `  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s  total`,
  );
}

main();
