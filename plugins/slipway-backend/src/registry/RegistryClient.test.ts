import { RegistryClient } from './RegistryClient';
import {
  describeWithRegistry,
  startTestRegistry,
  type TestRegistry,
} from './__testUtils__/testRegistry';

jest.setTimeout(60_000);

describeWithRegistry('RegistryClient against a real registry', () => {
  describe('without authentication', () => {
    let registry: TestRegistry;
    beforeAll(async () => {
      registry = await startTestRegistry();
    });
    afterAll(() => registry.stop());

    it('reads the digest of a tag and confirms a digest exists', async () => {
      const digest = await registry.pushImage('team/shop', 'abc1234');
      const client = new RegistryClient({ apiUrl: registry.url });
      expect(await client.manifestDigest('team/shop', 'abc1234')).toBe(digest);
      expect(await client.manifestDigest('team/shop', digest)).toBe(digest);
    });

    it('answers undefined for a digest or repository the registry does not have', async () => {
      await registry.pushImage('team/other', 'v1');
      const client = new RegistryClient({ apiUrl: registry.url });
      expect(
        await client.manifestDigest('team/other', `sha256:${'0'.repeat(64)}`),
      ).toBeUndefined();
      expect(
        await client.manifestDigest('team/missing', 'latest'),
      ).toBeUndefined();
    });
  });

  describe('with HTTP Basic credentials', () => {
    let registry: TestRegistry;
    const auth = { username: 'builder', password: 's3cret-pw' };
    beforeAll(async () => {
      registry = await startTestRegistry({ auth });
    });
    afterAll(() => registry.stop());

    it('authenticates with the configured credentials', async () => {
      const digest = await registry.pushImage('shop', 'v1');
      const client = new RegistryClient({ apiUrl: registry.url, auth });
      expect(await client.manifestDigest('shop', digest)).toBe(digest);
    });

    it('fails clearly when the registry refuses the credentials', async () => {
      const client = new RegistryClient({
        apiUrl: registry.url,
        auth: { username: 'builder', password: 'wrong' },
      });
      await expect(client.manifestDigest('shop', 'v1')).rejects.toThrow(
        'the registry answered 401 for shop@v1',
      );
      const anonymous = new RegistryClient({ apiUrl: registry.url });
      await expect(anonymous.manifestDigest('shop', 'v1')).rejects.toThrow(
        /answered 401/,
      );
    });
  });
});
