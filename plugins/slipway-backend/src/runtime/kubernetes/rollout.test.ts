import type { KubeObject } from '../../kubernetes/KubeClient';
import { crashOf, describeCrash } from './rollout';

const pod = (status: object, limits?: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'shop-web-1', namespace: 'shop' },
  spec: {
    containers: [{ name: 'web', ...(limits ? { resources: { limits } } : {}) }],
  },
  status: { containerStatuses: [{ name: 'web', ...status }] },
});

describe('crashOf', () => {
  it('sees an OOM kill at once, with the memory limit', () => {
    const crash = crashOf(
      pod(
        {
          restartCount: 1,
          state: { running: {} },
          lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
        },
        { memory: '32Mi' },
      ),
    );
    expect(crash).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
      memoryLimit: '32Mi',
      ran: true,
    });
    expect(describeCrash('web', crash!, ['allocating'])).toBe(
      'web: OOMKilled (memory limit 32Mi, exit code 137) after 1 restart; last lines:\n  allocating',
    );
  });

  it('sees a crash loop after the back-off starts or two restarts, not after one', () => {
    const exited = { terminated: { reason: 'Error', exitCode: 3 } };
    expect(
      crashOf(
        pod({ restartCount: 1, state: { running: {} }, lastState: exited }),
      ),
    ).toBeUndefined();
    expect(
      crashOf(
        pod({
          restartCount: 1,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: exited,
        }),
      ),
    ).toMatchObject({ reason: 'Error', exitCode: 3 });
    const crash = crashOf(
      pod({ restartCount: 2, state: { running: {} }, lastState: exited }),
    );
    expect(describeCrash('web', crash!, [])).toBe(
      'web: exited (Error) (exit code 3) after 2 restarts',
    );
  });

  it('sees an invalid image name at once, with the kubelet’s message', () => {
    const crash = crashOf(
      pod({
        restartCount: 0,
        state: {
          waiting: {
            reason: 'InvalidImageName',
            message: 'couldn\'t parse image reference "x//y"',
          },
        },
      }),
    );
    expect(describeCrash('web', crash!, [])).toBe(
      'web: InvalidImageName: couldn\'t parse image reference "x//y"',
    );
  });

  it('leaves errors a busy kubelet or registry recovers from to the deadline', () => {
    for (const reason of [
      'CreateContainerConfigError',
      'ErrImagePull',
      'ImagePullBackOff',
    ])
      expect(
        crashOf(
          pod({
            restartCount: 0,
            state: {
              waiting: {
                reason,
                message:
                  'failed to sync secret cache: timed out waiting for the condition',
              },
            },
          }),
        ),
      ).toBeUndefined();
  });

  it('leaves a starting or not yet ready pod alone', () => {
    expect(
      crashOf(
        pod({
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        }),
      ),
    ).toBeUndefined();
    expect(
      crashOf(pod({ restartCount: 0, state: { running: {} } })),
    ).toBeUndefined();
  });
});
