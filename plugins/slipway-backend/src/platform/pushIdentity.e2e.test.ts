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
import { freePort } from '../routing/builtin/testing/http';
import { eventually } from '../runtime/local/testing/fixtures';
import { commitNodeApp } from './__testUtils__/nodeAppRepo';
import { embeddedBackendFeatures } from './__testUtils__/embeddedBackend';

jest.setTimeout(180_000);

/*
 * Attack: the old owner's push is building when the app changes hands (or its token is revoked,
 * or the app is deleted). Before the fix the build went on and released the old owner's code
 * with the new owner's config. The build script below waits (at most 60 s) for a file that is
 * never written, so the only way the push ends early is being stopped.
 */
const WAITING_BUILD = `
const fs = require('fs');
// Planted in the app's build cache, which a new owner's builds would use.
fs.writeFileSync(require('path').join(require('path').dirname(process.env.npm_config_cache), 'PLANTED'), 'from-old-owner');
fs.writeFileSync('build-started', '');
for (let i = 0; i < 600 && !fs.existsSync('go'); i++) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}
`;

describe('a push in flight when who may push changes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dataDir: string;
  let sourceDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-identity-'));
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  /** Starts a backend, creates `shop` with a token, starts a push whose build waits, and runs `change` while it builds. */
  async function pushWhile(
    change: (
      api: (m: 'get' | 'patch' | 'delete', url: string, body?: object) => any,
      tokenId: string,
    ) => Promise<void>,
  ) {
    const backend = await startTestBackend({
      features: embeddedBackendFeatures({
        knex: await databases.init('SQLITE_3'),
        dataDir,
        httpPort: await freePort(),
        httpsPort: await freePort(),
      }),
    });
    try {
      const auth = mockCredentials.user.header('user:default/jane');
      const api = (
        method: 'get' | 'post' | 'patch' | 'delete',
        url: string,
        body?: object,
      ) =>
        request(backend.server)
          [method](`/api/slipway${url}`)
          .set('Authorization', auth)
          .send(body);
      expect((await api('post', '/apps', { name: 'shop' })).status).toBe(201);
      const created = (await api('post', '/apps/shop/tokens', {})).body;

      const { git } = await commitNodeApp(
        sourceDir,
        'require("http");\n',
        WAITING_BUILD,
      );
      const { port } = backend.server.address() as AddressInfo;
      const push = git(
        'push',
        `http://jane:${created.token}@127.0.0.1:${port}/api/slipway/git/shop.git`,
        'main',
      ).then(
        () => ({ ok: true, stderr: '' }),
        (error: { stderr: string }) => ({ ok: false, stderr: error.stderr }),
      );

      // The build runs (its script wrote its marker into the build tree).
      await eventually(() => {
        const slugs = path.join(dataDir, 'slugs');
        return fs
          .readdirSync(slugs)
          .some(d => fs.existsSync(path.join(slugs, d, 'build-started')));
      }, 120_000);
      await change(api, created.id);
      const pushed = await push;
      return {
        planted: fs.existsSync(path.join(dataDir, 'cache', 'shop', 'PLANTED')),
        pushed,
        releases: await api('get', '/apps/shop/releases'),
        builds: await api('get', '/apps/shop/builds'),
      };
    } finally {
      await backend.stop();
    }
  }

  it('a transfer stops the old owner’s build: no release, the push fails with the reason', async () => {
    const { pushed, releases, builds, planted } = await pushWhile(async api => {
      const transferred = await api('patch', '/apps/shop', {
        owner: 'group:default/other-team',
      });
      expect(transferred.status).toBe(200);
    });
    expect(pushed.ok).toBe(false);
    expect(pushed.stderr).toContain('shop changed owner during the build');
    // The old owner's (cancelled) build wrote the cache: the new owner's builds do not get it.
    expect(planted).toBe(false);
    expect(
      releases.body.items.map((r: { version: number }) => r.version),
    ).toEqual([1]);
    expect(builds.body.items).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
  });

  it('revoking the push’s token stops its build: no release, the push fails with the reason', async () => {
    const { pushed, releases, builds, planted } = await pushWhile(
      async (api, id) => {
        expect((await api('delete', `/apps/shop/tokens/${id}`)).status).toBe(
          204,
        );
      },
    );
    // The build did plant (what the transfer test relies on); a revoke keeps the owner's cache.
    expect(planted).toBe(true);
    expect(pushed.ok).toBe(false);
    expect(pushed.stderr).toContain(
      'the deploy token was revoked during the build',
    );
    expect(
      releases.body.items.map((r: { version: number }) => r.version),
    ).toEqual([1]);
    expect(builds.body.items).toEqual([
      expect.objectContaining({ status: 'failed' }),
    ]);
  });

  it('deleting the app stops its build: nothing is recorded, the push fails with the reason', async () => {
    const { pushed, releases } = await pushWhile(async api => {
      expect((await api('delete', '/apps/shop')).status).toBe(204);
    });
    expect(pushed.ok).toBe(false);
    expect(pushed.stderr).toContain('shop was deleted during the build');
    expect(releases.status).toBe(404);
  });
});
