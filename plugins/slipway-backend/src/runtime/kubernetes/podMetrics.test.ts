import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readKubernetesSettings } from '../../kubernetes/config';
import { platformDeps } from '../../kubernetes/__testUtils__/platformDeps';
import { ProcessSampler } from '../../metrics/ProcessSampler';
import { KubernetesRuntime } from './KubernetesRuntime';
import { usageMillicores } from './podMetrics';
import recorded from './__fixtures__/podMetrics.json';

/**
 * The control plane of the shared test cluster has no metrics-server, so the reader is tested
 * against answers recorded from one (discovery and a PodMetrics list), served over HTTP to the
 * real API client.
 */
describe('process use from the Kubernetes metrics API (recorded answers)', () => {
  let server: http.Server;
  let url: string;
  const asked: string[] = [];
  let available = true;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      asked.push(req.url!);
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const path = req.url!.split('?')[0];
      if (!available)
        answer(404, {
          kind: 'Status',
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          code: 404,
        });
      else if (path === '/apis/metrics.k8s.io/v1beta1')
        answer(200, recorded.discovery);
      else if (path === '/apis/metrics.k8s.io/v1beta1/pods')
        answer(200, recorded.list);
      else answer(404, { kind: 'Status', code: 404 });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise(resolve => server.close(resolve));
  });

  const runtime = () => {
    const deps = platformDeps({
      name: 'recorded',
      url,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'token',
      skipTLSVerify: true,
    });
    return new KubernetesRuntime(
      readKubernetesSettings(deps.config),
      deps.logger,
    );
  };

  it('sums the pods of each app and process type, across namespaces, leaving one-off runs out', async () => {
    asked.length = 0;
    const sampler = new ProcessSampler({
      source: runtime().processUsage(),
      store: () => {
        throw new Error('not stored here');
      },
      now: () => Date.parse('2026-12-05T06:59:10Z'),
    });
    const points = await sampler.sample();
    const minute = Math.floor(Date.parse('2026-12-05T06:59:00Z') / 60_000);
    expect(points).toEqual([
      {
        app: 'shop',
        minute,
        processType: 'web',
        memoryBytes: (48280 + 51200) * 1024,
        cpuMillicores: 250, // 2.46m + 247.54m
      },
      {
        app: 'shop',
        minute,
        processType: 'worker',
        memoryBytes: 21 * 1024 ** 2,
        cpuMillicores: 2, // 1m + 0.5m, rounded
      },
    ]);
    const list = asked.find(u =>
      u.startsWith('/apis/metrics.k8s.io/v1beta1/pods'),
    );
    expect(decodeURIComponent(list!)).toContain(
      'labelSelector=slipway.io/app,slipway.io/type',
    );
  });

  it('fails the reading (logged by the sampler, nothing stored) where no metrics-server serves the API', async () => {
    available = false;
    try {
      const warnings: string[] = [];
      const stored: unknown[] = [];
      const sampler = new ProcessSampler({
        source: runtime().processUsage(),
        store: () =>
          ({
            insertProcesses: async (p: unknown[]) => stored.push(...p),
          } as any),
        logger: { warn: (m: string) => warnings.push(m) } as any,
      });
      expect(await sampler.run()).toBe(0);
      expect(stored).toEqual([]);
      expect(warnings.join()).toMatch(/metrics\.k8s\.io/);
    } finally {
      available = true;
    }
  });

  it('reads the quantities the metrics API writes', () => {
    expect(usageMillicores('2456789n')).toBeCloseTo(2.456789);
    expect(usageMillicores('500u')).toBe(0.5);
    expect(usageMillicores('250m')).toBe(250);
    expect(usageMillicores('2')).toBe(2000);
    expect(usageMillicores('lots')).toBeUndefined();
  });
});
