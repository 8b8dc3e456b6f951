import { envSecretManifest } from './manifests';
import { release } from './__testUtils__/fakeCluster';

describe("the env Secret's keys", () => {
  it('keeps __proto__, constructor and toString like any other key, and a PORT left from before', () => {
    // JSON, as the API receives it: an object literal's __proto__ would set a prototype.
    const values = JSON.parse(
      '{"__proto__":"p","constructor":"c","toString":"t","PORT":"8080"}',
    );
    const secret = envSecretManifest(
      'shop',
      release('shop', { version: 2, image: 'registry.test/shop:1', values }),
    );
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    expect(JSON.stringify(secret.data)).toBe(
      `{"PORT":"${b64('8080')}","__proto__":"${b64('p')}","constructor":"${b64(
        'c',
      )}","toString":"${b64('t')}"}`,
    );
  });
});
