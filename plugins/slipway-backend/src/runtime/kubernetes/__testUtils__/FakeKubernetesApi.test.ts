import {
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
} from '@kubernetes/client-node';
import { FakeKubernetesApi } from './FakeKubernetesApi';

/** The fake must behave like the API server where the runtime relies on it; these check that it does. */
describe('FakeKubernetesApi', () => {
  let fake: FakeKubernetesApi;
  let api: KubernetesObjectApi;

  beforeEach(async () => {
    fake = await FakeKubernetesApi.start();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: fake.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'u' }],
      currentContext: 'fake',
    });
    api = KubernetesObjectApi.makeApiClient(kc);
    await api.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns' },
    });
  });
  afterEach(() => fake.close());

  const apply = (object: any, manager = 'slipway', force = true) =>
    api.patch(
      object,
      undefined,
      undefined,
      manager,
      force,
      PatchStrategy.ServerSideApply,
    );
  const cm = (labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: 'ns', labels },
    spec: { ports: [{ port: 80 }] },
  });

  it('server-side apply removes fields the manager stopped applying and keeps those of other managers', async () => {
    await apply(cm({ a: '1', b: '2' }));
    await apply({ ...cm({ other: 'x' }), spec: undefined }, 'kubectl');
    await apply(cm({ a: '1' }));
    const live = fake.get('v1', 'Service', 'ns', 'svc')!;
    expect(live.metadata.labels).toEqual({ a: '1', other: 'x' });
    expect(
      live.metadata.managedFields.map((f: any) => f.manager).sort(),
    ).toEqual(['kubectl', 'slipway']);
  });

  it('refuses a conflicting apply without force with 409', async () => {
    await apply(cm({ a: '1' }));
    await expect(
      apply(cm({ a: '2' }), 'someone-else', false),
    ).rejects.toMatchObject({ code: 409 });
    await apply(cm({ a: '2' }), 'someone-else', true);
    expect(fake.get('v1', 'Service', 'ns', 'svc')!.metadata.labels.a).toBe('2');
  });

  it('bumps resourceVersion on changes only, and generation on spec changes only', async () => {
    const first = fake.get('v1', 'Service', 'ns', 'svc');
    expect(first).toBeUndefined();
    await apply(cm({ a: '1' }));
    const created = fake.get('v1', 'Service', 'ns', 'svc')!;
    await apply(cm({ a: '1' }));
    expect(
      fake.get('v1', 'Service', 'ns', 'svc')!.metadata.resourceVersion,
    ).toBe(created.metadata.resourceVersion);
    await apply(cm({ a: '2' }));
    const relabelled = fake.get('v1', 'Service', 'ns', 'svc')!;
    expect(relabelled.metadata.resourceVersion).not.toBe(
      created.metadata.resourceVersion,
    );
    expect(relabelled.metadata.generation).toBe(1);
  });

  it('answers 404, 409 and 422 like the API server', async () => {
    await expect(
      api.read({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'x', namespace: 'ns' },
      }),
    ).rejects.toMatchObject({ code: 404 });
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns' },
      immutable: true,
      data: { A: 'MQ==' },
    };
    await api.create(secret);
    await expect(api.create(secret)).rejects.toMatchObject({ code: 409 });
    await expect(
      apply({ ...secret, data: { A: 'Mg==' } }),
    ).rejects.toMatchObject({ code: 422 });
    // Schema validation: a container port must be an integer.
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ns' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              { name: 'c', image: 'i', ports: [{ containerPort: 'eighty' }] },
            ],
          },
        },
      },
    };
    await expect(apply(bad)).rejects.toMatchObject({ code: 422 });
    // A label value with a newline is refused too.
    await expect(apply(cm({ a: 'x\ny' }))).rejects.toMatchObject({ code: 422 });
    // Objects in a namespace that does not exist.
    await expect(
      apply({ ...cm({}), metadata: { name: 'svc', namespace: 'nope' } }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('deleting a namespace removes everything in it', async () => {
    await apply(cm({ a: '1' }));
    await api.delete({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'ns' },
    });
    expect(fake.objectsIn('ns')).toEqual([]);
  });
});
