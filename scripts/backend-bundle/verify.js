#!/usr/bin/env node
/*
 * `npm run verify:image`: everything of the production image short of Docker (which cannot run
 * here). Builds the backend bundle, then replays packages/backend/Dockerfile in a temporary
 * directory standing for the image's WORKDIR: its ENV, COPY and RUN steps (RUN steps that install
 * system packages are skipped: this machine has them) and finally its CMD, with one more config
 * file that points the production config at SQLite, the local runtime and free ports. Passes when
 * the backend started from the unpacked bundle answers Slipway's health check and serves the
 * frontend.
 *
 * Options: --skip-build reuses packages/backend/dist; --skip-app reuses packages/app/dist.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  run,
  start,
  tail,
  waitUntilAnswers,
  freePort,
} = require('../verify-install/run');
const { buildBackendBundle } = require('./index');
const { nativeBuildEnv } = require('../verify-install/nativePrebuilds');

const ROOT = path.resolve(__dirname, '../..');
const DOCKERFILE = path.join(ROOT, 'packages/backend/Dockerfile');
const SYSTEM_PACKAGES = /\bapt-get\b/;
const STARTUP_TIMEOUT_MS = 180_000;

async function main() {
  const started = Date.now();
  if (!process.argv.includes('--skip-build')) {
    console.log('=== npm run build:backend');
    await buildBackendBundle({ skipApp: process.argv.includes('--skip-app') });
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-verify-image-'));
  const logs = path.join(work, 'logs');
  const image = path.join(work, 'app');
  fs.mkdirSync(image);
  const env = {
    ...(await nativeBuildEnv(
      ROOT,
      path.join(work, 'prebuilds'),
      path.join(logs, 'run.log'),
    )),
  };
  let cmd;
  for (const { instruction, args } of parseDockerfile(
    fs.readFileSync(DOCKERFILE, 'utf8'),
  )) {
    switch (instruction) {
      case 'ENV': {
        const [, name, value] = /^(\w+)[= ](.*)$/.exec(args);
        env[name] = value;
        break;
      }
      case 'COPY': {
        const parts = args.split(/\s+/).filter(a => !a.startsWith('--'));
        const destination = path.resolve(image, parts.pop());
        for (const source of parts) {
          fs.cpSync(
            path.join(ROOT, source),
            path.join(destination, path.basename(source)),
            {
              recursive: true,
            },
          );
        }
        break;
      }
      case 'RUN': {
        if (SYSTEM_PACKAGES.test(args)) {
          console.log(`skip   RUN ${args.slice(0, 60)}…`);
          break;
        }
        const command = args.replace(/--mount=\S+\s*/g, '');
        console.log(`run    ${command}`);
        await run('sh', ['-c', command], {
          cwd: image,
          env,
          log: path.join(logs, 'run.log'),
        });
        break;
      }
      case 'CMD':
        cmd = JSON.parse(args);
        break;
      default:
        // FROM, USER, WORKDIR: the temporary directory stands for the image.
        break;
    }
  }
  if (!cmd) throw new Error(`${DOCKERFILE} has no CMD`);

  const port = await freePort();
  const testConfig = path.join(work, 'app-config.verify.yaml');
  fs.writeFileSync(
    testConfig,
    [
      'backend:',
      `  baseUrl: http://localhost:${port}`,
      `  listen: { port: ${port} }`,
      '  database:',
      '    client: better-sqlite3',
      `    connection: { directory: ${path.join(work, 'sqlite')} }`,
      'slipway:',
      '  runtime: local',
      '  router: builtin',
      `  dataDir: ${path.join(work, 'slipway-data')}`,
      '  builtin: { httpPort: 0, httpsPort: 0 }',
      '',
    ].join('\n'),
  );
  const [command, ...args] = cmd;
  console.log(`start  ${cmd.join(' ')} --config ${testConfig}`);
  const backend = start(command, [...args, '--config', testConfig], {
    cwd: image,
    env: {
      ...env,
      // The values app-config.production.yaml takes from the environment.
      BACKEND_SECRET: crypto.randomBytes(24).toString('base64'),
      SLIPWAY_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
      POSTGRES_HOST: 'unused',
      POSTGRES_PORT: '5432',
      POSTGRES_USER: 'unused',
      POSTGRES_PASSWORD: 'unused',
      K8S_API_URL: 'https://127.0.0.1:6443',
      K8S_TOKEN: 'unused',
      SLIPWAY_K8S_TOKEN: 'unused',
      K8S_CA_DATA: '',
      REGISTRY_SERVER: 'registry.example.com',
      REGISTRY_USERNAME: 'unused',
      REGISTRY_PASSWORD: 'unused',
      SLIPWAY_SOURCE_BASE_URL: 'http://localhost:7007/api/slipway',
    },
    log: path.join(logs, 'backend.log'),
  });
  try {
    const base = `http://localhost:${port}`;
    await waitUntilAnswers(`${base}/api/slipway/health`, backend, {
      timeoutMs: STARTUP_TIMEOUT_MS,
      log: path.join(logs, 'backend.log'),
    });
    console.log(
      '  ✓ the backend started from the unpacked bundle answers /api/slipway/health',
    );
    // The app plugin stores the frontend's assets before it answers.
    await waitUntilAnswers(`${base}/`, backend, {
      timeoutMs: STARTUP_TIMEOUT_MS,
      log: path.join(logs, 'backend.log'),
    });
    const index = await fetch(`${base}/`);
    const html = await index.text();
    if (index.status !== 200 || !html.includes('<div id="root">')) {
      throw new Error(`GET / answered ${index.status} without the frontend`);
    }
    console.log('  ✓ it serves the frontend bundle at /');
  } catch (error) {
    error.message += `\nthe end of the backend's log:\n${tail(
      path.join(logs, 'backend.log'),
    )}`;
    throw error;
  } finally {
    await backend.stop();
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(
    `verify:image passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Instructions with their arguments, continuation lines joined and comments dropped. */
function parseDockerfile(text) {
  const joined = text
    .split('\n')
    .filter(line => !line.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
    .map(line => {
      const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(line);
      return { instruction: instruction.toUpperCase(), args: args.trim() };
    });
}

main().catch(error => {
  console.error(`verify:image FAILED: ${error.message}`);
  process.exitCode = 1;
});
