import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import type { LogLine } from '@slipway/plugin-slipway-common';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startSlipway,
  testDatabase,
  users,
  type Slipway,
} from './__testUtils__/startSlipway';

jest.setTimeout(60_000);

/**
 * Backstage's production root HTTP router compresses responses, which held server-sent events
 * back from browsers (they send `Accept-Encoding: br`). startTestBackend's router has no
 * compression, so this module puts the same middleware (MiddlewareFactory's) in front of the
 * plugin's routes (modules initialise before their plugin).
 */
const compressionLikeProduction = createBackendModule({
  pluginId: 'slipway',
  moduleId: 'test-compression',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ httpRouter, config, logger }) {
        httpRouter.use(
          MiddlewareFactory.create({ config, logger }).compression(),
        );
      },
    });
  },
});

describe('following logs through the production HTTP stack', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const database = testDatabase(databases, 'SQLITE_3');
  let s: Slipway;
  let port: number;
  /** Lines the app prints while a client follows; the stream stays open until the client leaves. */
  let print: (line: string) => void;

  beforeEach(async () => {
    s = await startSlipway({ database, features: [compressionLikeProduction] });
    port = (s.server.address() as AddressInfo).port;
    s.runtime.logs = async function* logs(_app, _cluster, options) {
      const queue: LogLine[] = [];
      let wake = () => {};
      print = line => {
        queue.push({ time: new Date().toISOString(), source: 'web.1', line });
        wake();
      };
      const nextLine = () =>
        new Promise<void>(resolve => {
          wake = resolve;
          options.signal?.addEventListener('abort', () => resolve());
        });
      while (!options.signal?.aborted) {
        while (queue.length > 0) yield queue.shift()!;
        await nextLine();
      }
    };
  });
  afterEach(async () => {
    await s.stop();
  });

  it('delivers each line at once to a client that accepts gzip, deflate and br, and masks secrets', async () => {
    const created = await fetch(`http://127.0.0.1:${port}/api/slipway/apps`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(users.jane),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ name: 'shop' }),
    });
    expect(created.status).toBe(201);
    await fetch(`http://127.0.0.1:${port}/api/slipway/apps/shop/config`, {
      method: 'PATCH',
      headers: {
        Authorization: mockCredentials.user.header(users.jane),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ values: { SECRET: 'open-sesame-123' } }),
    });

    const received: string[] = [];
    let response: http.IncomingMessage | undefined;
    const request = http.get(
      `http://127.0.0.1:${port}/api/slipway/apps/shop/logs?follow=true`,
      {
        headers: {
          // Bob reads the app but may not read its config.
          Authorization: mockCredentials.user.header(users.bob),
          'Accept-Encoding': 'gzip, deflate, br',
          Accept: 'text/event-stream',
        },
      },
      res => {
        response = res;
        res.setEncoding('utf8');
        res.on('data', chunk => received.push(chunk));
      },
    );
    try {
      await s.eventually(() => expect(response).toBeDefined(), 5000);
      expect(response!.headers['content-type']).toMatch(/text\/event-stream/);
      expect(response!.headers['content-encoding']).toBeUndefined();
      // The runtime's log starts when the stream does: wait for it, then print while it stays open.
      await s.eventually(() => expect(print).toBeDefined(), 5000);
      print('first line');
      await s.eventually(
        () => expect(received.join('')).toContain('first line'),
        2000,
      );
      print('second line with open-sesame-123');
      await s.eventually(
        () => expect(received.join('')).toContain('"second line with ***"'),
        2000,
      );
      expect(response!.complete).toBe(false);
      expect(received.join('')).not.toContain('open-sesame-123');
    } finally {
      request.destroy();
    }
  });
});
