#!/usr/bin/env node
/*
 * `npm run verify:install`: proves the Slipway packages install into someone else's Backstage.
 * Builds and packs every publishable package with `npm pack`, checks each tarball holds every
 * file its code and package.json refer to, then creates a scratch portal in a temporary directory
 * outside the workspaces that depends on the tarballs, installs it (from the shared npm cache),
 * type checks it, builds its app bundle, boots its backend on SQLite and checks that the Slipway
 * API, migrations, scaffolder actions and catalog provider work.
 *
 * Options: --keep keeps the temporary directory (it is always kept when a step fails).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, freePort } = require('./run');
const { publishablePackages, buildPackages, packPackages } = require('./pack');
const { checkTarballs, checkTheChecks } = require('./tarballChecks');
const { writeScratchPortal } = require('./scratchPortal');
const { localPrebuilds } = require('./nativePrebuilds');
const { bootAndCheck } = require('./bootChecks');

const ROOT = path.resolve(__dirname, '../..');

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
    timings.push([name, (Date.now() - started) / 1000]);
    return result;
  };
  console.log(`verify:install in ${work}`);
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

    const port = await freePort();
    const { backstageVersions } = await step('write the scratch portal', () =>
      writeScratchPortal({ root: ROOT, dir: portal, packed, port }),
    );
    await step('npm install (--prefer-offline, shared npm cache)', async () => {
      const env = await localPrebuilds(
        ROOT,
        path.join(work, 'prebuilds'),
        path.join(logs, 'install.log'),
      );
      await run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund'],
        {
          cwd: portal,
          env,
          log: path.join(logs, 'install.log'),
        },
      );
    });
    await step('tsc', () =>
      run('npx', ['tsc', '--noEmit'], {
        cwd: portal,
        log: path.join(logs, 'tsc.log'),
      }),
    );
    await step('build the app bundle', () =>
      run('npx', ['backstage-cli', 'package', 'build'], {
        cwd: path.join(portal, 'packages/app'),
        log: path.join(logs, 'app-build.log'),
      }),
    );
    await step('boot the backend on SQLite and check it', () =>
      bootAndCheck({ dir: portal, port, packed, logs }),
    );

    console.log('\nverify:install passed. Backstage versions verified:');
    for (const [name, version] of Object.entries(backstageVersions)) {
      console.log(`  ${name} ${version}`);
    }
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
