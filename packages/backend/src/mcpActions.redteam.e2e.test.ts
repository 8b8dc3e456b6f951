import {
  startDevelopmentBackend,
  type DevelopmentBackend,
} from './__testUtils__/developmentBackend';

jest.setTimeout(240_000);

/*
 * Red team of issue #25: Slipway's actions and the MCP server of the development portal, called
 * as a stranger (no token) and as a tenant, against the real backend (the test backend's mock
 * auth treats a request without a token as a user, so this needs the real one).
 */
describe('Slipway actions and MCP tools as a stranger (red team)', () => {
  let backend: DevelopmentBackend;

  beforeAll(async () => {
    backend = await startDevelopmentBackend();
  });
  afterAll(async () => {
    await backend?.stop();
  });

  const actions = () => `${backend.baseUrl}/api/slipway/.backstage/actions/v1`;

  it('unauthenticated invoke of an action is refused and runs nothing (held)', async () => {
    const created = await fetch(
      `${actions()}/actions/slipway:create-app/invoke`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'rt-anon' }),
      },
    );
    expect(created.status).toBe(403);
    expect((await backend.api('guest', 'GET', '/apps/rt-anon')).status).toBe(
      404,
    );
  });

  it('unauthenticated MCP call is refused (held)', async () => {
    const answer = await fetch(`${backend.baseUrl}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(answer.status).toBe(401);
  });

  // Not fixed: the actions registry's router is mounted (by Backstage's actionsRegistry service)
  // before Slipway's own credentials barrier, and Slipway declares its paths unauthenticated to
  // Backstage (path '/', so that its REST 401s carry no stack), so anyone who can reach the
  // backend reads the list of Slipway's operations with their input schemas. Invoking is refused
  // (above). The fix is for the plugin's auth policy to name its open paths (/git,
  // /build-sources, /health) instead of '/', and to answer the REST paths' 401s itself.
  it.failing(
    'unauthenticated caller cannot list Slipway’s actions and their schemas',
    async () => {
      const listed = await fetch(`${actions()}/actions`);
      expect(listed.status).toBe(401);
    },
  );
});
