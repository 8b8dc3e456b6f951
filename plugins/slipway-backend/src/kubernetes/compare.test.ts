import { differences } from './compare';

describe('differences between what Slipway wants and what the server stores', () => {
  it('treats an empty map or list as the missing field the API server stores for it', () => {
    expect(differences({ data: {} }, {})).toEqual([]);
    expect(differences({ spec: { tls: [] } }, { spec: {} })).toEqual([]);
    expect(
      differences({ metadata: { annotations: {} } }, { metadata: {} }),
    ).toEqual([]);
  });

  it('still reports a map or list that is not empty and missing, or a changed value', () => {
    expect(differences({ data: { A: 'MQ==' } }, {})).toEqual([
      'data: unset (expected {"A":"MQ=="})',
    ]);
    expect(
      differences({ spec: { replicas: 2 } }, { spec: { replicas: 7 } }),
    ).toEqual(['spec.replicas: 7 (expected 2)']);
    // Only what Slipway sets is compared: server defaults are not differences.
    expect(
      differences({ spec: {} }, { spec: { revisionHistoryLimit: 10 } }),
    ).toEqual([]);
  });

  it('compares quantities by value', () => {
    const wanted = {
      spec: { resources: { limits: { cpu: '0.5', memory: '1024Mi' } } },
    };
    const live = {
      spec: { resources: { limits: { cpu: '500m', memory: '1Gi' } } },
    };
    expect(differences(wanted, live)).toEqual([]);
  });
});
