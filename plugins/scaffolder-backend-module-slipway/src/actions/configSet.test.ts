import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
  useFakeSlipwayApi,
} from '../__testUtils__/actionTestKit';
import { createSlipwayConfigSetAction } from './configSet';

describe('slipway:config:set', () => {
  const kit = useFakeSlipwayApi();
  const action = () => createSlipwayConfigSetAction(kit.options);
  const current = () => kit.api.releases.get('shop')![0];

  beforeEach(() => {
    kit.api.addApp('shop');
  });

  it('sets and unsets values in one release, and never logs the values', async () => {
    await action().handler(
      actionContext({ app: 'shop', values: { OLD: 'x' } }).ctx,
    );
    const { ctx, outputs, logLines } = actionContext({
      app: 'shop',
      values: { DATABASE_URL: 'postgres://u:s3cr3t@db/shop', OLD: null },
    });
    await action().handler(ctx);

    expect(current().config.values).toEqual({
      DATABASE_URL: 'postgres://u:s3cr3t@db/shop',
    });
    expect(outputs.version).toBe(3);
    expect(logLines().join('\n')).toContain('set DATABASE_URL; unset OLD');
    expect(logLines().join('\n')).not.toContain('s3cr3t');
    expect(
      kit.api.requests.every(r => r.authorization === ON_BEHALF_OF_USER),
    ).toBe(true);
  });

  it('creates one release even when the step is retried', async () => {
    const checkpoints = checkpointStore();
    const input = { app: 'shop', values: { A: '1' } };
    await action().handler(actionContext(input, { checkpoints }).ctx);
    const retry = actionContext(input, { checkpoints });
    await action().handler(retry.ctx);

    expect(kit.api.releases.get('shop')).toHaveLength(2);
    expect(retry.outputs.version).toBe(2);
  });

  it('changes nothing on a dry run', async () => {
    const { ctx, logLines } = actionContext(
      { app: 'shop', values: { A: '1' } },
      { isDryRun: true },
    );
    await action().handler(ctx);
    expect(kit.api.requests).toEqual([]);
    expect(logLines().join('\n')).toContain('would set A on shop');
  });

  it('refuses an invalid key before calling the API', async () => {
    const { ctx } = actionContext({ app: 'shop', values: { 'BAD-KEY': '1' } });
    await expect(action().handler(ctx)).rejects.toThrow(/Config key "BAD-KEY"/);
    expect(kit.api.requests).toEqual([]);
  });

  it('fails with the API’s message when nothing changes', async () => {
    const { ctx } = actionContext({ app: 'shop', values: { NOPE: null } });
    await expect(action().handler(ctx)).rejects.toThrow('Nothing changed');
    expect(kit.api.releases.get('shop')).toHaveLength(1);
  });

  it('fails with the API’s message for an unknown app', async () => {
    const { ctx } = actionContext({ app: 'ghost', values: { A: '1' } });
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'App "ghost" not found',
    });
  });
});
