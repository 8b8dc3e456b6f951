import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort, send } from '../routing/builtin/testing/http';
import { commitNodeApp } from './__testUtils__/nodeAppRepo';
import { embeddedBackendFeatures } from './__testUtils__/embeddedBackend';
import { removeTree } from '../hostFiles/removeTree';

jest.setTimeout(240_000);

/*
 * Attack: cache poisoning through a deleted app's name. The build plants a file in the app's
 * build cache and the running app one in its HOME; the app is deleted and created again by
 * another owner. Before the fix the new app's first build found the old cache, and the old slugs
 * stayed on disk for ever. And a cache deeper than PATH_MAX made every delete answer 500,
 * leaving the app half deleted.
 */
const BUILD = `
const fs = require('fs');
const path = require('path');
const cache = path.dirname(process.env.npm_config_cache);
console.log(fs.existsSync(path.join(cache, 'planted')) ? 'SAW-AN-OLD-CACHE' : 'a clean cache');
fs.writeFileSync(path.join(cache, 'planted'), 'from the old owner');
// A tree deeper than PATH_MAX (relative mkdir + chdir), which Node's fs.rm cannot remove.
const here = process.cwd();
process.chdir(cache);
for (let i = 0; i < 130; i++) {
  fs.mkdirSync('a'.repeat(40));
  process.chdir('a'.repeat(40));
}
fs.writeFileSync('deep', 'from the old owner');
process.chdir(here);
`;
const SERVER = `
const fs = require('fs');
const path = require('path');
const planted = path.join(process.env.HOME, 'planted');
const seen = fs.existsSync(planted) ? 'SAW-AN-OLD-HOME' : 'a clean home';
fs.writeFileSync(planted, 'from the old owner');
require('http').createServer((q, s) => s.end(seen + '\\n')).listen(process.env.PORT);
`;

describe('deleting an app', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dataDir: string;
  let sourceDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-delete-'));
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-'));
  });
  afterEach(async () => {
    await removeTree(dataDir);
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  it('leaves nothing for the next app of that name: no cache, HOME, repository or slug', async () => {
    const httpPort = await freePort();
    const backend = await startTestBackend({
      features: embeddedBackendFeatures({
        knex: await databases.init('SQLITE_3'),
        dataDir,
        httpPort,
        httpsPort: await freePort(),
      }),
    });
    try {
      const api = (
        user: string,
        method: 'get' | 'post' | 'delete',
        url: string,
        body?: object,
      ) =>
        request(backend.server)
          [method](`/api/slipway${url}`)
          .set('Authorization', mockCredentials.user.header(user))
          .send(body);
      const { port } = backend.server.address() as AddressInfo;
      const { git } = await commitNodeApp(sourceDir, SERVER, BUILD);
      const pushAs = async (user: string) => {
        expect(
          (await api(user, 'post', '/apps', { name: 'shop' })).status,
        ).toBe(201);
        const { token } = (await api(user, 'post', '/apps/shop/tokens', {}))
          .body;
        const remote = `http://x:${token}@127.0.0.1:${port}/api/slipway/git/shop.git`;
        const refs = await git('ls-remote', remote);
        const pushed = await git('push', remote, 'main');
        return { refs: refs.stdout, stderr: pushed.stderr };
      };

      // The old owner builds and runs: the cache and HOME are planted.
      const first = await pushAs('user:default/jane');
      expect(first.stderr).toContain('a clean cache');
      expect(first.stderr).toContain('Released v2');
      expect((await send(httpPort, 'shop.localhost')).body).toBe(
        'a clean home\n',
      );
      const slug = (
        await api('user:default/jane', 'get', '/apps/shop/builds')
      ).body.items[0].image.slice('slug:'.length);
      expect(fs.existsSync(path.join(dataDir, 'slugs', slug))).toBe(true);

      expect(
        (await api('user:default/jane', 'delete', '/apps/shop')).status,
      ).toBe(204);
      // Gone with it: the slug (no other app names it), the cache, HOME, logs and repository.
      expect(fs.existsSync(path.join(dataDir, 'slugs', slug))).toBe(false);
      for (const dir of ['cache', 'run', 'logs'])
        expect(fs.existsSync(path.join(dataDir, dir, 'shop'))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'repos', 'shop.git'))).toBe(
        false,
      );

      // Another owner creates "shop": an empty repository, a clean cache and HOME.
      const second = await pushAs('user:default/mallory');
      expect(second.refs).toBe('');
      expect(second.stderr).toContain('a clean cache');
      expect(second.stderr).not.toContain('SAW-AN-OLD-CACHE');
      expect(second.stderr).toContain('Released v2');
      expect((await send(httpPort, 'shop.localhost')).body).toBe(
        'a clean home\n',
      );
    } finally {
      await backend.stop();
    }
  });

  /*
   * Attack (red team round 2, R2-H2): an exec readiness check that hangs, then DELETE. Before the
   * fix the DELETE waited for the deploy's timeout (up to an hour), and the check's sandbox (the
   * tenant's command with its config) outlived the app.
   */
  it('answers a DELETE during a deploy at once, and leaves no check of the app running', async () => {
    const httpPort = await freePort();
    const backend = await startTestBackend({
      features: embeddedBackendFeatures({
        knex: await databases.init('SQLITE_3'),
        dataDir,
        httpPort,
        httpsPort: await freePort(),
      }),
    });
    const jane = 'user:default/jane';
    // A command no other process on this machine runs.
    const seconds = `3599.${process.pid % 1000}`;
    const checksRunning = () =>
      fs
        .readdirSync('/proc')
        .filter(name => /^\d+$/.test(name))
        .filter(name => {
          try {
            return (
              fs.readFileSync(`/proc/${name}/cmdline`, 'utf8') ===
              `sleep\0${seconds}\0`
            );
          } catch {
            return false; // gone meanwhile
          }
        });
    try {
      const api = (
        method: 'get' | 'post' | 'patch' | 'delete',
        url: string,
        body?: object,
      ) =>
        request(backend.server)
          [method](`/api/slipway${url}`)
          .set('Authorization', mockCredentials.user.header(jane))
          .send(body);
      const { port } = backend.server.address() as AddressInfo;
      const { git } = await commitNodeApp(sourceDir, SERVER);
      expect((await api('post', '/apps', { name: 'shop' })).status).toBe(201);
      const { token } = (await api('post', '/apps/shop/tokens', {})).body;
      const pushed = await git(
        'push',
        `http://x:${token}@127.0.0.1:${port}/api/slipway/git/shop.git`,
        'main',
      );
      expect(pushed.stderr).toContain('Released v');
      expect(
        (await api('patch', '/apps/shop/settings', { deployTimeout: 3600 }))
          .status,
      ).toBe(200);
      // Not awaited: the rollout of this release waits on its readiness check.
      const patching = api('patch', '/apps/shop/config', {
        healthchecks: {
          web: {
            readiness: {
              type: 'exec',
              command: ['sleep', seconds],
              timeoutSeconds: 3600,
            },
          },
        },
      }).then(response => response);
      for (let i = 0; checksRunning().length === 0; i++) {
        if (i > 600) throw new Error('the readiness check never ran');
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      expect((await api('delete', '/apps/shop')).status).toBe(204);
      await patching;
      for (let i = 0; checksRunning().length > 0; i++) {
        if (i > 100) throw new Error('a check of the deleted app still runs');
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    } finally {
      await backend.stop();
    }
  });
});
