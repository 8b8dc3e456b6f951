import { ConfigReader } from '@backstage/config';
import { readPodSettings } from '../../kubernetes/podSettings';
import { readKubernetesBuildSettings } from './config';
import { buildJobManifest, type BuildJob } from './manifests';

const config = new ConfigReader({
  slipway: {
    kubernetes: {
      pods: {
        nodeSelector: [{ key: 'example.com/pool', value: 'builds' }],
        tolerations: [{ key: 'example.com/pool', operator: 'Exists' }],
      },
      build: {
        sourceBaseUrl: 'http://backstage.backstage.svc:7007/api/slipway',
        repository: 'registry.example.com/x',
      },
    },
  },
});
const job: BuildJob = {
  app: 'shop',
  buildId: '0a1b2c3d-0000-4000-8000-000000000000',
  kind: 'buildpacks',
  repository: 'registry.example.com/x/shop',
  tag: 'abcdef0',
  sourceUrl: 'http://backstage/api/slipway/build-sources/x.tar.gz',
};

describe('buildJobManifest', () => {
  it('places build pods where slipway.kubernetes.pods places every pod', () => {
    const pod = buildJobManifest(
      job,
      readKubernetesBuildSettings(config),
      readPodSettings(config),
    ).spec!.template.spec!;
    expect(pod.nodeSelector).toEqual({ 'example.com/pool': 'builds' });
    expect(pod.tolerations).toEqual([
      { key: 'example.com/pool', operator: 'Exists' },
    ]);
  });

  it('stops a build quickly: a short grace period, and a fetcher with a read-only root', () => {
    const pod = buildJobManifest(job, readKubernetesBuildSettings(config)).spec!
      .template.spec!;
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.terminationGracePeriodSeconds).toBe(5);
    expect(pod.initContainers![0].securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
  });
});
