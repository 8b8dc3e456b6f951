import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// This test runs both plugins in one backend, as a real Backstage backend does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import slipwayPlugin from '@slipway/plugin-slipway-backend';
// The router's own test client (sets the Host header, which fetch cannot).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports, @backstage/no-forbidden-package-imports
import { send } from '@slipway/plugin-slipway-backend/src/routing/builtin/testing/http';
import YAML from 'yaml';
import scaffolderModuleSlipway from '..';

jest.setTimeout(180_000);

const run = promisify(execFile);

/** What `GET /v2/tasks/:id/events` returns per event (the `completion` event carries the output). */
type TaskEvent = {
  type: string;
  body: { message?: string; output?: { links?: unknown[] } };
};

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../../templates/nodejs-service/template.yaml',
);

/** The template as the catalog holds it after reading it from its file location. */
function templateEntity(): Entity {
  const entity = YAML.parse(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as Entity;
  const location = `file:${TEMPLATE_FILE}`;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
  return entity;
}

/**
 * A software template run the way the portal runs it: through the scaffolder's task API,
 * with the Slipway actions calling the real Slipway backend (local runtime, builtin router,
 * git remote) in the same backend, on behalf of the user who started the task.
 */
describe('the Node.js service template through the scaffolder', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let tempDir: string;

  beforeEach(() => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-scaffolder-'));
  });
  afterEach(() => {
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('creates the app owned by the user, pushes the skeleton and serves it', async () => {
    const dataDir = path.join(tempDir, 'data');
    const workingDirectory = path.join(tempDir, 'work');
    const cloneDir = path.join(tempDir, 'clone');
    fs.mkdirSync(workingDirectory);

    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleSlipway,
        slipwayPlugin,
        catalogServiceMock.factory({ entities: [templateEntity()] }),
        // Each plugin gets its own database, as in a real backend.
        createServiceFactory({
          service: coreServices.database,
          deps: {},
          factory: async () =>
            mockServices.database({ knex: await databases.init('SQLITE_3') }),
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory },
            integrations: {},
            slipway: {
              dataDir,
              encryptionKey: Buffer.alloc(32, 7).toString('base64'),
              reconcileInterval: { minutes: 10 },
              // Ports the router picks when it starts: a port picked here could be taken by another
              // test's connection before the router binds it (it then never listens).
              builtin: { httpPort: 0, httpsPort: 0 },
              local: { drainSeconds: 1, stopTimeout: 2 },
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      ],
    });
    try {
      const { port } = backend.server.address() as net.AddressInfo;
      const auth = mockCredentials.user.header('user:default/jane');
      const api = async (method: string, url: string, body?: object) => {
        const response = await fetch(`http://127.0.0.1:${port}/api${url}`, {
          method,
          headers: {
            Authorization: auth,
            ...(body && { 'Content-Type': 'application/json' }),
          },
          body: body && JSON.stringify(body),
        });
        return { status: response.status, body: await response.json() };
      };

      // Start the template as Jane and wait for the task to finish.
      const started = await api('POST', '/scaffolder/v2/tasks', {
        templateRef: 'template:default/slipway-nodejs-service',
        values: { name: 'shop' },
      });
      expect(started.status).toBe(201);
      const taskUrl = `/scaffolder/v2/tasks/${started.body.id}`;
      const deadline = Date.now() + 150_000;
      let task = (await api('GET', taskUrl)).body;
      while (!['completed', 'failed', 'cancelled'].includes(task.status)) {
        if (Date.now() > deadline) {
          throw new Error(`Task still ${task.status} after 150 s`);
        }
        await new Promise(resolve => setTimeout(resolve, 500));
        task = (await api('GET', taskUrl)).body;
      }
      const events: TaskEvent[] = (await api('GET', `${taskUrl}/events`)).body;
      const log = events.map(e => e.body.message ?? '').join('\n');
      expect({ status: task.status, log }).toMatchObject({
        status: 'completed',
      });
      expect(task.createdBy).toBe('user:default/jane');

      // The app exists, is Jane's, and its first pushed release is live.
      const app = await api('GET', '/slipway/apps/shop');
      expect(app.status).toBe(200);
      expect(app.body).toMatchObject({
        name: 'shop',
        owner: 'user:default/jane',
        url: expect.stringMatching(/^http:\/\/shop\.localhost:[1-9]\d*$/),
      });
      const httpPort = Number(new URL(app.body.url).port);
      const release = await api('GET', '/slipway/apps/shop/releases/2');
      expect(release.body).toMatchObject({
        version: 2,
        status: 'succeeded',
        build: { sha: expect.stringMatching(/^[0-9a-f]{40}$/) },
      });

      // The task's output links to the catalog entity and the live app.
      const completion = events.find(e => e.type === 'completion');
      expect(completion?.body.output?.links).toEqual([
        expect.objectContaining({ entityRef: 'component:default/shop' }),
        expect.objectContaining({ url: app.body.url }),
      ]);

      // The push token was only for the push: revoked, and never in the task log.
      expect((await api('GET', '/slipway/apps/shop/tokens')).body).toEqual([]);
      expect(log).not.toMatch(/slw_/);

      // The app's git remote holds the rendered skeleton at the released commit.
      const token = await api('POST', '/slipway/apps/shop/tokens', {
        description: 'clone',
      });
      expect(token.status).toBe(201);
      const remote = new URL(app.body.gitRemote);
      remote.username = token.body.id;
      remote.password = token.body.token;
      const gitEnv = {
        PATH: process.env.PATH,
        HOME: tempDir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
      };
      await run('git', ['clone', '--quiet', remote.toString(), cloneDir], {
        env: gitEnv,
      });
      const head = await run('git', ['rev-parse', 'HEAD'], {
        cwd: cloneDir,
        env: gitEnv,
      });
      expect(head.stdout.trim()).toBe(release.body.build.sha);
      expect(fs.readFileSync(path.join(cloneDir, 'Procfile'), 'utf8')).toBe(
        'web: node server.js\n',
      );
      expect(
        fs.readFileSync(path.join(cloneDir, 'server.js'), 'utf8'),
      ).toContain("const name = 'shop';");

      // The app answers through the builtin router.
      const answer = await send(httpPort, 'shop.localhost');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        app: 'shop',
        release: 'v2',
        message: 'Hello from shop!',
      });
    } finally {
      await backend.stop();
    }
  });
});
