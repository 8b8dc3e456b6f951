import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
  useFakeSlipwayApi,
} from '../__testUtils__/actionTestKit';
import { createSlipwayCertsAddAction } from './certsAdd';
import { createSlipwayDomainsAddAction } from './domainsAdd';
import { createSlipwayRollbackAction } from './rollback';
import { createSlipwayScaleAction } from './scale';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY =
  '-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n';

describe('actions that change an existing app', () => {
  const kit = useFakeSlipwayApi();
  beforeEach(() => {
    kit.api.addApp('shop');
  });
  const onBehalfOfUser = () =>
    expect(
      kit.api.requests.every(r => r.authorization === ON_BEHALF_OF_USER),
    ).toBe(true);

  describe('slipway:scale', () => {
    const action = () => createSlipwayScaleAction(kit.options);

    it('scales process types and outputs the structure', async () => {
      const { ctx, outputs } = actionContext({
        app: 'shop',
        processes: { web: 2, worker: 1 },
      });
      await action().handler(ctx);
      expect(kit.api.apps.get('shop')?.structure).toEqual({
        web: 2,
        worker: 1,
      });
      expect(outputs.structure).toEqual({ web: 2, worker: 1 });
      onBehalfOfUser();
    });

    it('refuses bad replicas before calling the API, and changes nothing on a dry run', async () => {
      await expect(
        action().handler(
          actionContext({ app: 'shop', processes: { web: 1000 } }).ctx,
        ),
      ).rejects.toThrow(
        'Replicas of "web" must be a whole number from 0 to 100',
      );
      await action().handler(
        actionContext(
          { app: 'shop', processes: { web: 3 } },
          { isDryRun: true },
        ).ctx,
      );
      expect(kit.api.requests).toEqual([]);
    });
  });

  describe('slipway:rollback', () => {
    const action = () => createSlipwayRollbackAction(kit.options);
    beforeEach(() => {
      kit.api.newRelease(
        'shop',
        'v2',
        { image: 'a', procfile: {} },
        'succeeded',
      );
      kit.api.newRelease(
        'shop',
        'v3',
        { image: 'b', procfile: {} },
        'succeeded',
      );
    });

    it('rolls back to the previous release by default, once even when retried', async () => {
      const checkpoints = checkpointStore();
      const first = actionContext({ app: 'shop' }, { checkpoints });
      await action().handler(first.ctx);
      await action().handler(
        actionContext({ app: 'shop' }, { checkpoints }).ctx,
      );

      const [newest] = kit.api.releases.get('shop')!;
      expect(newest).toMatchObject({
        version: 4,
        summary: 'rolled back to v2',
      });
      expect(newest.build?.image).toBe('a');
      expect(kit.api.releases.get('shop')).toHaveLength(4);
      expect(first.outputs.version).toBe(4);
      onBehalfOfUser();
    });

    it('fails with the API’s message for a release it cannot roll back to', async () => {
      await expect(
        action().handler(actionContext({ app: 'shop', version: 1 }).ctx),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: 'Cannot roll back to v1',
      });
      expect(kit.api.releases.get('shop')).toHaveLength(3);
    });

    it('changes nothing on a dry run', async () => {
      await action().handler(
        actionContext({ app: 'shop', version: 2 }, { isDryRun: true }).ctx,
      );
      expect(kit.api.requests).toEqual([]);
    });
  });

  describe('slipway:domains:add', () => {
    const action = () => createSlipwayDomainsAddAction(kit.options);

    it('adds the domain once even when retried', async () => {
      const checkpoints = checkpointStore();
      const input = { app: 'shop', domain: 'www.example.com' };
      const first = actionContext(input, { checkpoints });
      await action().handler(first.ctx);
      await action().handler(actionContext(input, { checkpoints }).ctx);
      expect(kit.api.domains.get('shop')).toEqual(['www.example.com']);
      expect(first.outputs.domain).toBe('www.example.com');
      onBehalfOfUser();
    });

    it('refuses an invalid domain before calling the API', async () => {
      await expect(
        action().handler(
          actionContext({ app: 'shop', domain: 'a.*.example.com' }).ctx,
        ),
      ).rejects.toThrow('may only have a wildcard as its first label');
      expect(kit.api.requests).toEqual([]);
    });

    it('fails with the API’s message when another app has the domain', async () => {
      kit.api.addApp('other');
      kit.api.domains.set('other', ['www.example.com']);
      await expect(
        action().handler(
          actionContext({ app: 'shop', domain: 'www.example.com' }).ctx,
        ),
      ).rejects.toThrow('Domain www.example.com is already in use');
    });
  });

  describe('slipway:certs:add', () => {
    const action = () => createSlipwayCertsAddAction(kit.options);
    const input = { app: 'shop', name: 'www', certificate: CERT, key: KEY };

    it('adds the certificate, and neither logs nor outputs nor checkpoints the key', async () => {
      const checkpoints = checkpointStore();
      const { ctx, outputs, logLines } = actionContext(input, { checkpoints });
      await action().handler(ctx);

      expect(kit.api.certs.get('shop')).toEqual(['www']);
      expect(outputs).toEqual({
        name: 'www',
        sans: ['www.example.com'],
        notAfter: '2027-01-01T00:00:00.000Z',
      });
      const everything = JSON.stringify([
        logLines(),
        outputs,
        [...checkpoints.saved],
      ]);
      expect(everything).not.toContain('TOPSECRETKEYMATERIAL');
      onBehalfOfUser();
    });

    it('marks the key as secret (write-only) in its input schema', () => {
      expect((action().schema?.input as any).properties.key.writeOnly).toBe(
        true,
      );
    });

    it('adds once when retried, and changes nothing on a dry run', async () => {
      const checkpoints = checkpointStore();
      await action().handler(actionContext(input, { checkpoints }).ctx);
      await action().handler(actionContext(input, { checkpoints }).ctx);
      await action().handler(
        actionContext({ ...input, name: 'other' }, { isDryRun: true }).ctx,
      );
      expect(kit.api.certs.get('shop')).toEqual(['www']);
    });

    it('refuses a non-PEM key before calling the API, without echoing it', async () => {
      const error = await action()
        .handler(actionContext({ ...input, key: 'TOPSECRETKEYMATERIAL' }).ctx)
        .catch(e => e);
      expect(error.message).toBe('The key must be a PEM private key');
      expect(kit.api.requests).toEqual([]);
    });
  });
});
