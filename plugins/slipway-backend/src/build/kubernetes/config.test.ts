import { ConfigReader } from '@backstage/config';
import { readKubernetesBuildSettings } from './config';

const read = (build: object, registry?: object) =>
  readKubernetesBuildSettings(
    new ConfigReader({ slipway: { kubernetes: { build, registry } } }),
  );
const base = {
  sourceBaseUrl: 'http://backstage.backstage.svc:7007/api/slipway',
};

describe('slipway.kubernetes.build', () => {
  it('has defaults, with push credentials and repository from slipway.kubernetes.registry', () => {
    const settings = read(base, {
      server: 'registry.example.com',
      username: 'u',
      password: 'p',
    });
    expect(settings).toMatchObject({
      builder: 'heroku/builder:24',
      repository: { host: 'registry.example.com', path: 'slipway' },
      registryUrl: 'https://registry.example.com',
      push: { username: 'u', password: 'p' },
      verifyDigest: true,
      deadlineSeconds: 1800,
      ttlSecondsAfterFinished: 3600,
      resources: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { cpu: '2', memory: '4Gi' },
      },
    });
  });

  it('refuses settings it cannot apply, naming them', () => {
    expect(() => read({})).toThrow(/sourceBaseUrl/);
    expect(() => read(base)).toThrow(/repository/);
    expect(() => read({ ...base, repository: 'Registry Example/x' })).toThrow(
      /must be a repository like/,
    );
    expect(() =>
      read({
        ...base,
        repository: 'registry.example.com/x',
        resources: { limits: { memory: 'lots' } },
      }),
    ).toThrow(/resources.limits.memory must be a Kubernetes quantity/);
    expect(() =>
      read({
        ...base,
        repository: 'registry.example.com/x',
        deadlineSeconds: 0,
      }),
    ).toThrow(/deadlineSeconds must be a positive whole number/);
  });
});
