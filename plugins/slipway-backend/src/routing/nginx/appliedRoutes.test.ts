import {
  endpointOnlyChanges,
  sameValue,
  type AppliedRoutes,
} from './appliedRoutes';
import { route } from './testing/helpers';

const at = (app: string, address: string) =>
  route(app, { upstream: { addresses: [address] } });

/** A block text that depends on everything but the endpoints, as a dynamic block does. */
const render = (r: ReturnType<typeof route>) => ({
  text: JSON.stringify({ ...r, upstream: undefined }),
  endpoints: r.upstream?.addresses,
});

function applied(routes: ReturnType<typeof route>[]): AppliedRoutes {
  return {
    routes: new Map(routes.map(r => [r.app, r])),
    blocks: new Map(routes.map(r => [r.app, render(r).text])),
    rejected: [],
    live: {},
    refusalsExpireAt: Infinity,
  };
}

describe('endpointOnlyChanges', () => {
  const before = [at('web1', '10.0.0.1:80'), at('web2', '10.0.0.2:80')];

  it('finds only the apps whose endpoints changed, rendering only those', () => {
    const rendered: string[] = [];
    const changes = endpointOnlyChanges(
      // Fresh objects, as the reconciler builds them: compared by value, not identity.
      [structuredClone(before[0]), at('web2', '10.0.0.9:80')],
      applied(before),
      r => {
        rendered.push(r.app);
        return render(r);
      },
    );
    expect([...changes!].map(([app, c]) => [app, c.endpoints])).toEqual([
      ['web2', ['10.0.0.9:80']],
    ]);
    expect(rendered).toEqual(['web2']);
    expect(
      endpointOnlyChanges(structuredClone(before), applied(before), render),
    ).toEqual(new Map());
  });

  it('needs the full path for anything else', () => {
    const last = applied(before);
    const full = (table: ReturnType<typeof route>[], l = last) =>
      endpointOnlyChanges(table, l, render);
    // An app added, removed, listed twice, or with another setting.
    expect(full([...before, at('web3', '10.0.0.3:80')])).toBeUndefined();
    expect(full([before[0]])).toBeUndefined();
    expect(full([before[0], before[0]])).toBeUndefined();
    expect(
      full([before[0], { ...before[1], maintenance: true }]),
    ).toBeUndefined();
    expect(
      full([
        before[0],
        { ...before[1], hosts: [...before[1].hosts, { host: 'x.example' }] },
      ]),
    ).toBeUndefined();
    // Endpoints that cannot be dynamic (the renderer puts them in the block) or a render problem.
    expect(
      endpointOnlyChanges([before[0], at('web2', 'db:80')], last, () => ({
        text: 'other',
      })),
    ).toBeUndefined();
    expect(
      endpointOnlyChanges(
        [before[0], at('web2', '10.0.0.9:80')],
        last,
        () => undefined,
      ),
    ).toBeUndefined();
    // An app rejected last time goes through the full path when its route changes.
    expect(
      full([before[0], at('web2', '10.0.0.9:80')], {
        ...last,
        rejected: [{ app: 'web2', reason: 'x' }],
      }),
    ).toBeUndefined();
  });
});

describe('sameValue', () => {
  it('compares JSON-like values structurally', () => {
    expect(sameValue({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(
      true,
    );
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(sameValue({ a: [] }, { a: {} })).toBe(false);
    expect(sameValue({ a: null }, { a: {} })).toBe(false);
    expect(sameValue({ a: '1' }, { a: 1 })).toBe(false);
  });
});
