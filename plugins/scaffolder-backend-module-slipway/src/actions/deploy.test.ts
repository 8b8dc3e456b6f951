import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
  useFakeSlipwayApi,
} from '../__testUtils__/actionTestKit';
import { createSlipwayDeployAction } from './deploy';

describe('slipway:deploy', () => {
  const kit = useFakeSlipwayApi();
  const action = () => createSlipwayDeployAction(kit.options);
  const input = {
    app: 'shop',
    image: 'ghcr.io/acme/shop:1.2.3',
    procfile: { web: 'node server.js' },
  };

  beforeEach(() => {
    kit.api.addApp('shop');
  });

  it('deploys the image and returns once the release is live', async () => {
    kit.api.pendingReads = 3;
    const { ctx, outputs, logLines } = actionContext(input);
    await action().handler(ctx);

    const release = kit.api.releases.get('shop')![0];
    expect(release).toMatchObject({
      version: 2,
      status: 'succeeded',
      build: {
        image: 'ghcr.io/acme/shop:1.2.3',
        procfile: { web: 'node server.js' },
      },
    });
    expect(outputs.version).toBe(2);
    expect(logLines()).toContain('Released shop v2');
    expect(new Set(kit.api.requests.map(r => r.authorization))).toEqual(
      new Set([ON_BEHALF_OF_USER]),
    );
  });

  it('fails with the platform’s reason when the release fails', async () => {
    kit.api.finalStatus = 'failed';
    const { ctx } = actionContext(input);
    await expect(action().handler(ctx)).rejects.toThrow(
      'Release v2 of shop failed: web did not become ready in 60s',
    );
  });

  it('deploys once when the step is retried', async () => {
    const checkpoints = checkpointStore();
    await action().handler(actionContext(input, { checkpoints }).ctx);
    const retry = actionContext(input, { checkpoints });
    await action().handler(retry.ctx);
    expect(kit.api.releases.get('shop')).toHaveLength(2);
    expect(retry.outputs.version).toBe(2);
  });

  it('changes nothing on a dry run', async () => {
    const { ctx, logLines } = actionContext(input, { isDryRun: true });
    await action().handler(ctx);
    expect(kit.api.requests).toEqual([]);
    expect(logLines()).toContain(
      'Dry run: would deploy ghcr.io/acme/shop:1.2.3 to shop',
    );
  });

  it('refuses a malformed image or process type before calling the API', async () => {
    await expect(
      action().handler(actionContext({ ...input, image: 'not an image' }).ctx),
    ).rejects.toThrow('"not an image" is not a container image reference');
    await expect(
      action().handler(actionContext({ ...input, procfile: { Web: 'x' } }).ctx),
    ).rejects.toThrow(/Process type "Web"/);
    expect(kit.api.requests).toEqual([]);
  });

  it('fails with the API’s message for an unknown app', async () => {
    const { ctx } = actionContext({ ...input, app: 'ghost' });
    await expect(action().handler(ctx)).rejects.toThrow(
      'App "ghost" not found',
    );
  });
});
