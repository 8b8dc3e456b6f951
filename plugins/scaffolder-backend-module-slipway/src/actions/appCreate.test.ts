import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
  useFakeSlipwayApi,
} from '../__testUtils__/actionTestKit';
import { ConfigReader } from '@backstage/config';
import { createSlipwayAppCreateAction } from './appCreate';

describe('slipway:app:create', () => {
  const kit = useFakeSlipwayApi();
  const action = () => createSlipwayAppCreateAction(kit.options);

  it('creates the app on behalf of the user and outputs its name, url, git remote and entity ref', async () => {
    const { ctx, outputs } = actionContext({
      name: 'shop',
      owner: 'group:default/team-a',
    });
    await action().handler(ctx);

    expect(kit.api.apps.get('shop')).toMatchObject({
      owner: 'group:default/team-a',
    });
    expect(outputs).toEqual({
      name: 'shop',
      url: 'http://shop.localhost:8080',
      gitRemote: 'http://localhost:0/api/slipway/git/shop.git',
      entityRef: 'component:default/shop',
    });
    expect(kit.api.requests.map(r => r.authorization)).toEqual([
      ON_BEHALF_OF_USER,
    ]);
  });

  it('refuses, before creating anything, an app for an image where it would run on the local runtime', async () => {
    const onLocal = createSlipwayAppCreateAction({
      ...kit.options,
      config: new ConfigReader({ slipway: { runtime: 'local' } }),
    });
    for (const isDryRun of [true, false]) {
      await expect(
        onLocal.handler(
          actionContext(
            { name: 'shop', deploys: 'image' as const },
            { isDryRun },
          ).ctx,
        ),
      ).rejects.toThrow(
        /deploying a container image needs a Kubernetes cluster/,
      );
    }
    expect(kit.api.apps.size).toBe(0);
    expect(kit.api.requests).toEqual([]);

    // Code templates still create apps there; images go to a Kubernetes cluster.
    await onLocal.handler(actionContext({ name: 'shop' }).ctx);
    await onLocal.handler(
      actionContext({
        name: 'orders',
        deploys: 'image' as const,
        cluster: 'prod',
      }).ctx,
    );
    expect([...kit.api.apps.keys()].sort()).toEqual(['orders', 'shop']);
    const onKubernetes = createSlipwayAppCreateAction({
      ...kit.options,
      config: new ConfigReader({
        slipway: { runtime: 'kubernetes', defaultCluster: 'production' },
      }),
    });
    await onKubernetes.handler(
      actionContext({ name: 'web', deploys: 'image' as const }).ctx,
    );
    expect(kit.api.apps.has('web')).toBe(true);
  });

  it('makes the user the owner when no owner is given', async () => {
    const { ctx } = actionContext({ name: 'shop' });
    await action().handler(ctx);
    expect(kit.api.apps.get('shop')?.owner).toBe('user:default/mock');
  });

  it("takes up the app an earlier failed run of the same user left behind, so 'Start over' works", async () => {
    kit.api.addApp('shop', 'user:default/mock');
    const { ctx, outputs } = actionContext({ name: 'shop' });
    await action().handler(ctx);
    expect(outputs.name).toBe('shop');
    expect(kit.api.apps.size).toBe(1);
  });

  it('refuses a name taken by an app that has a deployment or another creator', async () => {
    kit.api.addApp('shop', 'user:default/mock');
    kit.api.recordPush('shop', 'abcdef1234567');
    await expect(
      action().handler(actionContext({ name: 'shop' }).ctx),
    ).rejects.toThrow('App "shop" already exists');

    kit.api.addApp('blog', 'user:default/other');
    kit.api.releases.get('blog')![0].createdBy = 'user:default/other';
    await expect(
      action().handler(actionContext({ name: 'blog' }).ctx),
    ).rejects.toThrow('App "blog" already exists');
  });

  it('does not create the app twice when the step is retried', async () => {
    const checkpoints = checkpointStore();
    await action().handler(
      actionContext({ name: 'shop' }, { checkpoints }).ctx,
    );
    const retry = actionContext({ name: 'shop' }, { checkpoints });
    await action().handler(retry.ctx);

    expect(kit.api.mutations).toHaveLength(1);
    expect(retry.outputs.url).toBe('http://shop.localhost:8080');
  });

  it('changes nothing on a dry run, and reports what it would do', async () => {
    const { ctx, outputs, logLines } = actionContext(
      { name: 'shop' },
      { isDryRun: true },
    );
    await action().handler(ctx);

    expect(kit.api.apps.size).toBe(0);
    expect(kit.api.mutations).toEqual([]);
    expect(logLines().join('\n')).toContain('would create app "shop"');
    expect(outputs.entityRef).toBe('component:default/shop');
  });

  it('fails a dry run when the name is taken', async () => {
    kit.api.addApp('shop', 'group:default/other');
    const { ctx } = actionContext({ name: 'shop' }, { isDryRun: true });
    await expect(action().handler(ctx)).rejects.toThrow(
      'App "shop" already exists',
    );
  });

  it('refuses an invalid name before calling the API', async () => {
    const { ctx } = actionContext({ name: 'Shop_1' });
    await expect(action().handler(ctx)).rejects.toThrow(
      /App name "Shop_1" must start/,
    );
    expect(kit.api.requests).toEqual([]);
  });

  it('fails with the API’s message when the app exists', async () => {
    kit.api.addApp('shop', 'group:default/other');
    kit.api.releases.get('shop')![0].createdBy = 'user:default/other';
    const { ctx } = actionContext({ name: 'shop' });
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'ConflictError',
      message: 'App "shop" already exists',
    });
    expect(kit.api.apps.get('shop')?.owner).toBe('group:default/other');
  });
});
