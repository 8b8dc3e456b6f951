/*
 * What the push benchmarks share: the real git remote (git http-backend, receive-pack, the
 * pre-receive hook) with the real local build executor, over in-memory ledger doubles, and a
 * committed source tree pushed by the stock git client.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import express from 'express';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import type { Build, Release } from '@slipway/plugin-slipway-common';
import { createLocalBuildExecutor } from '../plugins/slipway-backend/src/build/local';
import { readSourceLimits } from '../plugins/slipway-backend/src/build/source';
import { createGitRouter } from '../plugins/slipway-backend/src/git/router';
import { GitRepositories } from '../plugins/slipway-backend/src/git/repositories';
import { benchLogger } from './support';

export const BENCH_TOKEN = 'bench-token';

/** Serves the git remote of `app` on a free loopback port, with `local` as `slipway.local`. */
export async function startGitRemote(
  dataDir: string,
  app: string,
  local: object = {},
) {
  await new GitRepositories(dataDir).ensureRepository(app);
  const config = new ConfigReader({ slipway: { local } });
  let version = 0;
  const remote = express();
  remote.use(
    '/api/slipway/git',
    createGitRouter({
      dataDir,
      logger: benchLogger,
      buildExecutor: createLocalBuildExecutor({
        config,
        logger: benchLogger,
        dataDir,
        platformDomain: 'localhost',
      }),
      sourceLimits: readSourceLimits(config),
      tokens: {
        authenticate: async (_app, token) =>
          token === BENCH_TOKEN
            ? {
                userEntityRef: 'user:default/bench',
                tokenId: '1',
                owner: 'user:default/bench',
              }
            : undefined,
        // The token and the app's owner never change during a bench.
        recheck: async () => undefined,
      },
      apps: {
        exists: async name => name === app,
        url: async name => `http://${name}.localhost:8080`,
      },
      builds: {
        recordBuild: async (name, record) => ({
          build: { id: '1', app: name, status: record.status } as Build,
          release:
            record.status === 'succeeded'
              ? ({ app: name, version: ++version } as Release)
              : undefined,
        }),
      },
      releases: {
        waitForRelease: async (name, v) =>
          ({ app: name, version: v, status: 'succeeded' } as Release),
      },
    }),
  );
  remote.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: benchLogger,
    }).error(),
  );
  const server = remote.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Commits everything in `source` (a fresh repository on `main`) with git settings of its own (`home`). */
export async function commitSource(
  source: string,
  home: string,
  message: string,
) {
  const git = (...args: string[]) =>
    promisify(execFile)('git', args, {
      cwd: source,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', HOME: home },
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git(
    '-c',
    'user.email=b@example.com',
    '-c',
    'user.name=b',
    'commit',
    '-qm',
    message,
  );
}
