import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  pushTickerApp,
  startDevelopmentBackend,
  type DevelopmentBackend,
} from './__testUtils__/developmentBackend';

jest.setTimeout(240_000);

/**
 * An AI agent's view of the development portal: the MCP server of @backstage/plugin-mcp-actions-backend
 * serving Slipway's actions, called with the MCP SDK's own client as two portal users.
 */
describe('Slipway as MCP tools of the development portal', () => {
  let backend: DevelopmentBackend;
  const clients: Client[] = [];

  beforeAll(async () => {
    backend = await startDevelopmentBackend();
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await backend?.stop();
  });

  async function connect(user: 'guest' | 'reviewer') {
    const client = new Client({ name: 'slipway-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${backend.baseUrl}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: `Bearer ${await backend.token(user)}` },
          },
        },
      ),
    );
    clients.push(client);
    return client;
  }

  const call = (client: Client, name: string, args: object) =>
    client.callTool({ name: `slipway.${name}`, arguments: args as any });

  it('lists Slipway’s tools with schemas and hints', async () => {
    const guest = await connect('guest');
    const { tools } = await guest.listTools();
    const byName = new Map(tools.map(t => [t.name, t]));
    for (const name of [
      'list-apps',
      'get-app',
      'create-app',
      'delete-app',
      'get-config',
      'set-config',
      'unset-config',
      'scale',
      'autoscale',
      'restart',
      'run',
      'get-logs',
      'list-releases',
      'rollback',
      'deploy-image',
      'list-builds',
      'add-domain',
      'remove-domain',
      'add-cert',
      'attach-cert',
      'promote',
      'approve-promotion',
      'reject-promotion',
    ]) {
      expect(byName.has(`slipway.${name}`)).toBe(true);
    }
    expect(byName.get('slipway.delete-app')!.annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
    expect(byName.get('slipway.list-apps')!.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });
    expect(byName.get('slipway.create-app')!.inputSchema).toMatchObject({
      required: ['name'],
      properties: { name: { pattern: '^[a-z][a-z0-9-]*[a-z0-9]$' } },
    });
    // The catalog's and the scaffolder's actions come along (backend.actions.pluginSources).
    expect(tools.some(t => t.name.startsWith('catalog.'))).toBe(true);
  });

  it('creates an app, sets config, scales; another user reads masked config and may not delete it', async () => {
    const guest = await connect('guest');
    const reviewer = await connect('reviewer');

    const created = await call(guest, 'create-app', { name: 'mcp-shop' });
    expect(created.isError).toBeFalsy();
    expect(created.structuredContent).toMatchObject({
      app: { name: 'mcp-shop', owner: 'user:development/guest' },
    });

    // Bad input is refused before anything is written.
    const bad = await call(guest, 'create-app', { name: 'Not A Name' });
    expect(bad.isError).toBe(true);
    expect(
      (await backend.api('guest', 'GET', '/apps?q=not')).body.items,
    ).toEqual([]);

    const set = await call(guest, 'set-config', {
      app: 'mcp-shop',
      values: { API_KEY: 's3cret-value' },
    });
    expect(set.isError).toBeFalsy();
    expect(set.structuredContent).toMatchObject({
      release: { version: 2, createdBy: 'user:development/guest' },
    });

    // Scaling needs a build: the app is pushed with git first.
    await pushTickerApp(backend, 'mcp-shop', 'tick');
    const scaled = await call(guest, 'scale', {
      app: 'mcp-shop',
      replicas: { web: 2 },
    });
    expect(scaled.isError).toBeFalsy();
    expect(scaled.structuredContent).toEqual({ structure: { web: 2 } });
    expect(
      (await backend.api('guest', 'GET', '/apps/mcp-shop')).body,
    ).toMatchObject({ structure: { web: 2 } });

    // The owner reads the value; another developer sees that it exists, not what it is.
    expect(
      (await call(guest, 'get-config', { app: 'mcp-shop' })).structuredContent,
    ).toMatchObject({ values: { API_KEY: 's3cret-value' }, revealed: true });
    const masked = await call(reviewer, 'get-config', { app: 'mcp-shop' });
    expect(masked.structuredContent).toMatchObject({
      values: {},
      keys: ['API_KEY'],
      revealed: false,
    });
    expect(JSON.stringify(masked)).not.toContain('s3cret-value');

    // Nor may they scale or delete it: tool errors, nothing changed.
    const scaleRefused = await call(reviewer, 'scale', {
      app: 'mcp-shop',
      replicas: { web: 0 },
    });
    expect(scaleRefused.isError).toBe(true);
    const refused = await call(reviewer, 'delete-app', { app: 'mcp-shop' });
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('NotAllowedError');
    const after = await backend.api('guest', 'GET', '/apps/mcp-shop');
    expect(after.status).toBe(200);
    expect(after.body.structure).toEqual({ web: 2 });

    // The owner may, and the app is gone.
    expect(
      (await call(guest, 'delete-app', { app: 'mcp-shop' })).isError,
    ).toBeFalsy();
    expect((await backend.api('guest', 'GET', '/apps/mcp-shop')).status).toBe(
      404,
    );
  });
});
