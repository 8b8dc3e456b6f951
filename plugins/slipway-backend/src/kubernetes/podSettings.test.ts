import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_POD_SETTINGS,
  placement,
  readPodSettings,
} from './podSettings';

const read = (pods: unknown) =>
  readPodSettings(
    new ConfigReader({ slipway: { kubernetes: { pods } } } as any),
  );

describe('slipway.kubernetes.pods', () => {
  it('defaults to no placement, uid 1000, 3 s minReadySeconds and no root', () => {
    expect(readPodSettings(new ConfigReader({}))).toEqual(DEFAULT_POD_SETTINGS);
    expect(DEFAULT_POD_SETTINGS).toMatchObject({
      runAsUser: 1000,
      minReadySeconds: 3,
      allowRoot: false,
    });
    expect(read({ runAsUser: 1000 }).allowRoot).toBe(false);
    expect(read({ allowRoot: true }).allowRoot).toBe(true);
  });

  it('reads a node selector and tolerations, and puts the platform placement over the app tags', () => {
    const settings = read({
      nodeSelector: [{ key: 'slipway.test/real-node', value: 'true' }],
      tolerations: [
        {
          key: 'slipway.test/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'dedicated',
          value: 'apps',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ],
      runAsUser: 2000,
      minReadySeconds: 0,
    });
    expect(settings).toEqual({
      nodeSelector: { 'slipway.test/real-node': 'true' },
      tolerations: [
        {
          key: 'slipway.test/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        {
          key: 'dedicated',
          operator: 'Equal',
          value: 'apps',
          effect: 'NoExecute',
          tolerationSeconds: 60,
        },
      ],
      runAsUser: 2000,
      minReadySeconds: 0,
      allowRoot: false,
    });
    expect(
      placement(settings, { zone: 'a', 'slipway.test/real-node': 'false' }),
    ).toEqual({
      nodeSelector: { 'slipway.test/real-node': 'true', zone: 'a' },
      tolerations: settings.tolerations,
    });
    expect(placement(DEFAULT_POD_SETTINGS)).toEqual({});
  });

  it.each([
    [{ nodeSelector: [{ key: 'bad key!', value: 'x' }] }, /"bad key!"/],
    [{ nodeSelector: [{ key: 'zone', value: 'no spaces' }] }, /label value/],
    [{ tolerations: [{ operator: 'Maybe' }] }, /Equal or Exists/],
    [{ tolerations: [{ value: 'x' }] }, /Equal needs a key/],
    [
      { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] },
      /Exists takes no value/,
    ],
    [{ tolerations: [{ key: 'k', effect: 'Sometimes' }] }, /effect must be/],
    [
      {
        tolerations: [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 5 }],
      },
      /needs effect NoExecute/,
    ],
    [{ runAsUser: 0 }, /other than 0 \(root\)/],
    [{ minReadySeconds: -1 }, /minReadySeconds/],
    [{ allowRoot: 'sometimes' }, /allowRoot/],
  ])('refuses %j at startup', (pods, message) => {
    expect(() => read(pods)).toThrow(message);
  });
});
