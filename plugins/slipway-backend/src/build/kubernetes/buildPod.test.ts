import type { KubeObject } from '../../kubernetes/KubeClient';
import { stuckReason } from './buildPod';

const pod = (status: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop-build-1234567890-abcde' },
  status,
});

describe('stuckReason', () => {
  it('names a builder image the node cannot pull, with the reason the kubelet gives', () => {
    expect(
      stuckReason(
        pod({
          initContainerStatuses: [
            { name: 'source', state: { terminated: { exitCode: 0 } } },
          ],
          containerStatuses: [
            {
              name: 'build',
              image: 'heroku/builder:24',
              state: {
                waiting: {
                  reason: 'ImagePullBackOff',
                  message: 'Back-off pulling image "heroku/builder:24"',
                },
              },
            },
          ],
        }),
      ),
    ).toBe(
      'the builder image heroku/builder:24 cannot be started: ImagePullBackOff (Back-off pulling image "heroku/builder:24")',
    );
  });

  it('reports a source fetch that failed, or a fetcher image that cannot be pulled', () => {
    expect(
      stuckReason(
        pod({
          initContainerStatuses: [
            { name: 'source', state: { terminated: { exitCode: 22 } } },
          ],
        }),
      ),
    ).toBe(
      'fetching the source failed (exit code 22); build pods fetch it from slipway.kubernetes.build.sourceBaseUrl',
    );
    expect(
      stuckReason(
        pod({
          initContainerStatuses: [
            {
              name: 'source',
              image: 'curlimages/curl:8.11.1',
              state: { waiting: { reason: 'ErrImagePull' } },
            },
          ],
        }),
      ),
    ).toBe(
      'the source fetcher image curlimages/curl:8.11.1 cannot be started: ErrImagePull',
    );
  });

  it('is not stuck while the pod is starting or running', () => {
    expect(stuckReason(pod({ phase: 'Pending' }))).toBeUndefined();
    expect(
      stuckReason(
        pod({
          initContainerStatuses: [
            {
              name: 'source',
              state: { waiting: { reason: 'PodInitializing' } },
            },
          ],
          containerStatuses: [
            {
              name: 'build',
              state: { waiting: { reason: 'PodInitializing' } },
            },
          ],
        }),
      ),
    ).toBeUndefined();
  });
});
