import { execFile } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_PATH } from './render';

/** Runs `nginx -t` on a config file; resolves with nginx's complaint, or undefined when it is valid. */
export function testConfig(
  binary: string,
  configFile: string,
): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      ['-t', '-q', '-e', 'stderr', '-c', configFile],
      { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) {
          resolve(undefined);
        } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error(`nginx binary "${binary}" not found`));
        } else {
          resolve(emergencies(String(stderr)) || error.message);
        }
      },
    );
  });
}

/** The lines of nginx output that explain a failure (emerg/alert/crit), or all output. */
export function emergencies(output: string): string {
  const lines = output
    .split('\n')
    .filter(l => /\[(emerg|alert|crit)\]/.test(l));
  return (lines.length > 0 ? lines : output.split('\n'))
    .map(l => l.replace(/^nginx: /, '').trim())
    .filter(Boolean)
    .join('; ')
    .slice(0, 1000);
}

/** Asks the loopback status server which config hash the workers run; undefined when it does not answer. */
export function liveHash(port: number): Promise<string | undefined> {
  return new Promise(resolve => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: STATUS_PATH,
        agent: false,
        timeout: 2000,
      },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => {
          body += chunk;
        });
        res.on('end', () =>
          resolve(res.statusCode === 200 ? body.trim() : undefined),
        );
        res.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/**
 * Polls the status server until it answers `hash`. Each poll is a new connection, so it is
 * served by a worker that accepts new connections, i.e. one started with the newest config.
 */
export async function waitForHash(
  port: number,
  hash: string,
  timeoutMs: number,
  stillHope: () => Promise<boolean> = async () => true,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await liveHash(port)) === hash) return true;
    if (Date.now() > deadline || !(await stillHope())) return false;
    await sleep(5);
  }
}
