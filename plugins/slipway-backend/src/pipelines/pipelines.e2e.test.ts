import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { freePort, send } from '../routing/builtin/testing/http';
import { commitNodeApp } from '../platform/__testUtils__/nodeAppRepo';
import { embeddedBackendFeatures } from '../platform/__testUtils__/embeddedBackend';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(180_000);

/**
 * Heroku Pipelines on one machine, for real: push to staging with the stock git client, promote,
 * another user approves, and production serves the very same slug with its own config.
 */
describe('pipelines on the embedded platform, end to end', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dataDir: string;
  let sourceDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-pipelines-'));
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  it('push to staging → promote → approved by another user → production serves the same build with its own config', async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const notifications: NotificationSendOptions[] = [];
    const backend = await startTestBackend({
      features: [
        ...embeddedBackendFeatures({
          knex: await databases.init('SQLITE_3'),
          dataDir,
          httpPort,
          httpsPort,
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (o: NotificationSendOptions) => {
              notifications.push(o);
            },
          }),
        }),
      ],
    });
    try {
      const as =
        (user: string) =>
        (
          method: 'get' | 'post' | 'patch' | 'put',
          url: string,
          body?: object,
        ) =>
          request(backend.server)
            [method](`/api/slipway${url}`)
            .set('Authorization', mockCredentials.user.header(user))
            .send(body);
      const jane = as('user:default/jane');
      const ann = as('user:default/ann');
      const settled = (app: string, version: number) =>
        eventually(async () => {
          const release = (
            await jane('get', `/apps/${app}/releases/${version}`)
          ).body;
          return release.status !== 'pending' ? release : undefined;
        }, 60_000);

      expect((await jane('post', '/pipelines', { name: 'shop' })).status).toBe(
        201,
      );
      for (const [app, stage, greeting] of [
        ['shop-staging', 'staging', 'hello staging'],
        ['shop-prod', 'production', 'hello production'],
      ]) {
        // Owned by ops (Jane and Ann): someone besides the requester can approve.
        expect(
          (
            await jane('post', '/apps', {
              name: app,
              owner: 'group:default/ops',
            })
          ).status,
        ).toBe(201);
        expect(
          (await jane('put', `/pipelines/shop/apps/${app}`, { stage })).status,
        ).toBe(200);
        expect(
          (
            await jane('patch', `/apps/${app}/config`, {
              values: { GREETING: greeting },
            })
          ).status,
        ).toBe(201);
      }
      expect(
        (
          await jane('patch', '/apps/shop-prod/settings', {
            requireApproval: true,
          })
        ).status,
      ).toBe(200);
      const token = (await jane('post', '/apps/shop-staging/tokens', {})).body
        .token;

      // Push a small Node app to staging with the real git client.
      const { git, sha } = await commitNodeApp(
        sourceDir,
        "require('http').createServer((q, s) => s.end(`${process.env.GREETING} from ${process.env.SLIPWAY_RELEASE}\\n`)).listen(process.env.PORT);\n",
      );
      const { port } = backend.server.address() as AddressInfo;
      await git(
        'push',
        `http://jane:${token}@127.0.0.1:${port}/api/slipway/git/shop-staging.git`,
        'main',
      );
      expect(await settled('shop-staging', 3)).toMatchObject({
        status: 'succeeded',
      });
      expect((await send(httpPort, 'shop-staging.localhost')).body).toBe(
        'hello staging from v3\n',
      );

      // Promote: production requires approval, so it waits for someone else.
      const promoted = await jane('post', '/apps/shop-staging/promote', {});
      expect(promoted.status).toBe(202);
      const id = promoted.body.promotions[0].id;
      expect((await jane('post', `/promotions/${id}/approve`)).status).toBe(
        403,
      );
      expect((await send(httpPort, 'shop-prod.localhost')).status).not.toBe(
        200,
      );
      const approved = await ann('post', `/promotions/${id}/approve`);
      expect(approved.status).toBe(201);
      expect(approved.body.version).toBe(3);

      const prod = await settled('shop-prod', 3);
      const staging = (await jane('get', '/apps/shop-staging/releases/3')).body;
      expect(prod).toMatchObject({
        status: 'succeeded',
        summary: `ann promoted ${sha.slice(0, 7)} from shop-staging v3`,
      });
      expect(prod.build.image).toMatch(/^slug:[0-9a-f]{64}$/);
      expect(prod.build.image).toBe(staging.build.image);
      expect(prod.build.sha).toBe(sha);
      const answer = await eventually(async () => {
        const reply = await send(httpPort, 'shop-prod.localhost');
        return reply.status === 200 ? reply : undefined;
      }, 60_000);
      expect(answer.body).toBe('hello production from v3\n');
      // The approvers' request is replaced by the outcome (same scope); the requester is told.
      expect(notifications.map(n => [n.payload.title, n.recipients])).toEqual([
        [
          'Approve promotion to shop-prod?',
          expect.objectContaining({ entityRef: 'group:default/ops' }),
        ],
        [
          'Promotion to shop-prod approved',
          expect.objectContaining({ entityRef: 'group:default/ops' }),
        ],
        [
          'Promotion to shop-prod approved',
          expect.objectContaining({ entityRef: 'user:default/jane' }),
        ],
      ]);
    } finally {
      await backend.stop();
    }
  });
});
