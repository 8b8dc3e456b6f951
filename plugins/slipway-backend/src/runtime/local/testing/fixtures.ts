import { createHash, randomBytes } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppDesiredState } from '@slipway/plugin-slipway-node';
import type { Config } from '@slipway/plugin-slipway-common';
import type { LocalRuntimeSettings } from '../config';
import { DEFAULT_SETTINGS } from '../../../domain/defaults';

/**
 * A dependency-free web app: answers with what it was started with. `LISTEN_AFTER_MS`
 * delays listening (a slow boot), `READY_AFTER_MS` delays a 200 on `/ready`.
 */
export const WEB_APP = `
const http = require('http');
const started = Date.now();
const server = http.createServer((req, res) => {
  if (req.url === '/ready') {
    const ok = Date.now() - started >= Number(process.env.READY_AFTER_MS || 0);
    res.writeHead(ok ? 200 : 503);
    res.end(ok ? 'ready' : 'not yet');
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({
    answer: process.env.ANSWER, release: process.env.SLIPWAY_RELEASE, ps: process.env.PS,
    port: process.env.PORT, leaked: process.env.SLIPWAY_TEST_BACKEND_SECRET || null,
    cwd: process.cwd(), pid: process.pid,
  }));
});
setTimeout(() => server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log('listening on ' + process.env.PORT);
}), Number(process.env.LISTEN_AFTER_MS || 0));
process.on('SIGTERM', () => { server.close(() => process.exit(0)); server.closeIdleConnections(); });
`;

export const WORKER_APP = `
let n = 0;
setInterval(() => console.log('tick ' + ++n), 100);
process.on('SIGTERM', () => process.exit(0));
`;

export async function makeDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'slipway-local-'));
}

/** Writes files as a slug, like the local build executor does; returns its image reference. */
export async function writeSlug(
  dataDir: string,
  files: Record<string, string> = {
    'server.js': WEB_APP,
    'worker.js': WORKER_APP,
  },
): Promise<string> {
  const sha = createHash('sha256').update(randomBytes(16)).digest('hex');
  const dir = path.join(dataDir, 'slugs', sha);
  await fs.mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  return `slug:${sha}`;
}

export function testSettings(
  dataDir: string,
  overrides: Partial<LocalRuntimeSettings> = {},
): LocalRuntimeSettings {
  return {
    dataDir,
    readyTimeout: 20,
    drainSeconds: 0.3,
    stopTimeout: 3,
    restartDelay: 0.2,
    maxRestartDelay: 1.6,
    stableSeconds: 10,
    crashLoopCrashes: 3,
    runTimeout: 30,
    logLines: 500,
    logFileBytes: 1024 * 1024,
    ...overrides,
  };
}

/** Desired state for release `version` of `app` running `image`. */
export function desired(
  app: string,
  version: number,
  image: string,
  options: {
    procfile?: Record<string, string>;
    structure?: Record<string, number>;
    config?: Partial<Config>;
    deployTimeout?: number;
  } = {},
): AppDesiredState {
  return {
    app,
    owner: 'user:default/jane',
    cluster: 'local',
    release: {
      version,
      build: {
        id: `b${version}`,
        app,
        image,
        procfile: options.procfile ?? {
          web: 'node server.js',
          worker: 'node worker.js',
        },
        status: 'succeeded',
        createdBy: 'user:default/jane',
        createdAt: '2026-11-23T00:00:00.000Z',
      },
      config: {
        values: {},
        limits: {},
        tags: {},
        healthchecks: {},
        ...options.config,
      },
    },
    structure: options.structure ?? { web: 1 },
    settings: {
      ...DEFAULT_SETTINGS,
      hsts: { ...DEFAULT_SETTINGS.hsts, maxAge: 0 },
      deployTimeout: options.deployTimeout ?? 20,
    },
  };
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met in ${timeoutMs}ms${last ? `: ${last}` : ''}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** The process groups the runtime recorded for `app` (`<dataDir>/run/<app>.json`), by process name. */
export function recordedGroups(
  dataDir: string,
  app: string,
): Record<string, number> {
  const record = JSON.parse(
    fsSync.readFileSync(path.join(dataDir, 'run', `${app}.json`), 'utf8'),
  );
  return Object.fromEntries(
    record.processes.map((p: { name: string; pid: number }) => [p.name, p.pid]),
  );
}

/** Whether any process of the group led by `pid` lives (a sandbox's processes are in its leader's group). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
