/*
 * Response times of `count` sequential requests to one host through one keep-alive connection,
 * after 100 warm-up requests: a router's own latency per request, without client-side queueing.
 */
import { Agent, request } from 'node:http';

export async function sequentialRequestTimes(
  port: number,
  host: string,
  count: number,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = request(
        { host: '127.0.0.1', port, headers: { host }, agent },
        res => {
          res.resume();
          res.on('end', () => resolve(performance.now() - started));
        },
      );
      req.on('error', reject);
      req.end();
    });
  try {
    for (let i = 0; i < 100; i++) await once(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(await once());
    return times;
  } finally {
    agent.destroy();
  }
}
