/*
 * The nginx router's latency per request with and without its access-log feed (each request's
 * line sent over loopback UDP to the backend, which hands it to `onAccessLog` listeners): a fast
 * upstream, a keep-alive client, sequential requests. Used by bench:metrics and bench:drains.
 */
import fs from 'node:fs';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AccessLogEntry } from '@slipway/plugin-slipway-node';
import { NginxRouter } from '../plugins/slipway-backend/src/routing/nginx';
import {
  NGINX_BINARY,
  route,
  startUpstream,
  tempDir,
  testOptions,
} from '../plugins/slipway-backend/src/routing/nginx/testing/helpers';
import { sequentialRequestTimes } from './sequentialRequests';

const quiet = {
  info: () => {},
  debug: () => {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  child: () => quiet,
} as unknown as LoggerService;

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * q) - 1];

/** undefined when nginx is not installed here. */
export async function nginxRouterLatency(
  requests: number,
  listener?: (entry: AccessLogEntry) => void,
): Promise<{ p50: number; p99: number; lines: number } | undefined> {
  if (!fs.existsSync(NGINX_BINARY)) return undefined;
  const dir = tempDir('slipway-bench-nginx-');
  const upstream = await startUpstream('bench');
  const options = await testOptions(dir);
  const router = new NginxRouter(
    listener ? options : { ...options, accessLogPort: undefined },
    quiet,
  );
  let lines = 0;
  if (listener)
    router.onAccessLog(entry => {
      lines++;
      listener(entry);
    });
  try {
    await router.apply([
      route('bench', { upstream: { addresses: [upstream.address] } }),
    ]);
    const times = await sequentialRequestTimes(
      options.httpPort,
      'bench.localhost',
      requests,
    );
    // The last lines are in flight: give them a moment before counting.
    await new Promise(resolve => setTimeout(resolve, 200));
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), lines };
  } finally {
    await router.close();
    await upstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
