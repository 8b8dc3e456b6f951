import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readKubernetesBuildSettings } from '../build/kubernetes/config';
import { readKubernetesSettings } from '../kubernetes/config';
import { builderName } from './selectPlatform';

// The production example is what platform teams copy; it must configure everything its runtime needs.
function productionConfig(env: Record<string, string>) {
  const text = fs.readFileSync(
    path.resolve(__dirname, '../../../../app-config.production.yaml'),
    'utf8',
  );
  const substituted = text.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!(name in env)) throw new Error(`\${${name}} is not set in the test`);
    return env[name];
  });
  return new ConfigReader(YAML.parse(substituted));
}

const env = {
  BACKEND_SECRET: 'secret',
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'backstage',
  POSTGRES_PASSWORD: 'pw',
  K8S_API_URL: 'https://203.0.113.10:6443',
  K8S_TOKEN: 'plugin-token',
  K8S_CA_DATA: '',
  SLIPWAY_K8S_TOKEN: 'slipway-token',
  SLIPWAY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  REGISTRY_SERVER: 'registry.example.com',
  REGISTRY_USERNAME: 'slipway',
  REGISTRY_PASSWORD: 'registry-pw',
  SLIPWAY_SOURCE_BASE_URL: 'http://backstage.backstage.svc:7007/api/slipway',
};

describe('app-config.production.yaml', () => {
  const config = productionConfig(env);

  it('runs apps on its Kubernetes cluster', () => {
    expect(config.getString('slipway.runtime')).toBe('kubernetes');
    const settings = readKubernetesSettings(config);
    expect(settings.clusters.map(c => c.name)).toEqual(['production']);
    expect(settings.clusters[0].kubeConfig.getCurrentCluster()?.server).toBe(
      env.K8S_API_URL,
    );
    expect(settings.registry?.server).toBe('registry.example.com');
  });

  it('builds pushes in the cluster and pushes images to the registry', () => {
    expect(
      builderName(
        config.getString('slipway.runtime'),
        config.getOptionalString('slipway.builder'),
      ),
    ).toBe('kubernetes');
    const build = readKubernetesBuildSettings(config);
    expect(build.sourceBaseUrl).toBe(env.SLIPWAY_SOURCE_BASE_URL);
    expect(build.repository).toEqual({
      host: 'registry.example.com',
      path: 'slipway',
    });
  });
});
