import {
  endpointOnlyChanges,
  type AppliedRoutes,
} from '../routing/nginx/appliedRoutes';
import { route } from '../routing/nginx/testing/helpers';

const at = (app: string, address: string, extra = {}) =>
  route(app, { upstream: { addresses: [address] }, ...extra });
const render = (r: ReturnType<typeof route>) => ({
  text: JSON.stringify({ ...r, upstream: undefined }),
  endpoints: r.upstream?.addresses,
});

/** Red team (rt26): one tenant's change never leaves another app's endpoints stale or wrong. */
describe('red team: endpoint-only applies across tenants', () => {
  const victim = at('victim', '10.0.0.1:80');
  const tenant = at('tenant', '10.0.0.2:80');
  const applied = (rejected: string[]): AppliedRoutes => ({
    routes: new Map([victim, tenant].map(r => [r.app, r])),
    blocks: new Map([victim, tenant].map(r => [r.app, render(r).text])),
    rejected: rejected.map(app => ({ app, reason: 'nginx -t' })),
    live: {},
    refusalsExpireAt: Infinity,
  });

  it('a rejected tenant neither blocks nor rides along with the victim’s endpoint change', () => {
    const changes = endpointOnlyChanges(
      [at('victim', '10.0.0.9:80'), structuredClone(tenant)],
      applied(['tenant']),
      render,
    );
    expect([...changes!.keys()]).toEqual(['victim']);
    expect(changes!.get('victim')!.endpoints).toEqual(['10.0.0.9:80']);
    // The rejected tenant changing anything (even endpoints) goes through the full path.
    expect(
      endpointOnlyChanges(
        [structuredClone(victim), at('tenant', '10.0.0.8:80')],
        applied(['tenant']),
        render,
      ),
    ).toBeUndefined();
  });

  it('a tenant taking the victim’s name or host in the same table forces the full path', () => {
    // The same app twice (the second would otherwise win the endpoints).
    expect(
      endpointOnlyChanges(
        [at('victim', '10.0.0.9:80'), at('victim', '10.6.6.6:80')],
        applied([]),
        render,
      ),
    ).toBeUndefined();
    // The tenant's hosts changing (to the victim's host): the block text differs.
    expect(
      endpointOnlyChanges(
        [
          structuredClone(victim),
          at('tenant', '10.0.0.2:80', { hosts: victim.hosts }),
        ],
        applied([]),
        render,
      ),
    ).toBeUndefined();
  });
});
