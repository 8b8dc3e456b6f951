import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../routing/builtin/testing/http';

const BINARY = '/usr/bin/prometheus';

/** Whether Debian's `prometheus` is installed (CI installs it; see .ci/run). */
export const prometheusInstalled = () => existsSync(BINARY);

/** A real Prometheus on loopback scraping `target` every `scrapeMs`, with its data in a scratch directory. */
export async function startPrometheus(
  target: string,
  scrapeMs = 100,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'slipway-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      `  scrape_interval: ${scrapeMs}ms`,
      `  scrape_timeout: ${scrapeMs}ms`,
      'scrape_configs:',
      '  - job_name: ingress-nginx',
      '    honor_timestamps: true',
      `    static_configs: [{ targets: ['${target}'] }]`,
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    BINARY,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`prometheus exited: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline)
      throw new Error(`prometheus not ready in 30 s: ${stderr}`);
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
