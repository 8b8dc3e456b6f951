import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Development-backend replicas (packages/backend, as `npm start` runs it: Node with Backstage's
 * transform) on one fresh set of PostgreSQL databases, runtime kubernetes on `cluster`, a shared
 * data directory. Each serves on its own port; auth keys live in the shared database, so a token
 * one replica issues verifies on the others.
 */
export type PortalReplica = { url: string; process: ChildProcess };

const backendDir = path.resolve(__dirname, '../../backend');
const postgres = { host: '127.0.0.1', port: 5432, user: 'postgres' };

export type ReplicaSet = {
  replicas: PortalReplica[];
  stop(): Promise<void>;
};

export async function startPortalReplicas(options: {
  ports: number[];
  cluster: object;
  /** Names the databases (`<name>_<plugin>`). */
  name: string;
  /** Names the installation on the cluster (a DNS label). */
  instance: string;
}): Promise<ReplicaSet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-`));
  const dataDir = path.join(dir, 'data');
  fs.mkdirSync(dataDir);
  const replicas: PortalReplica[] = [];
  const set: ReplicaSet = {
    replicas,
    async stop() {
      await Promise.all(replicas.map(r => stopProcess(r.process)));
      await dropDatabases(options.name);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    // In turn: the first creates the databases and runs the migrations.
    for (const port of options.ports) {
      const configFile = path.join(dir, `replica-${port}.yaml`);
      fs.writeFileSync(
        configFile,
        JSON.stringify(replicaConfig(port, dataDir, options)),
      );
      const log = fs.openSync(path.join(dir, `replica-${port}.log`), 'a');
      const child = spawn(
        process.execPath,
        [
          '--enable-source-maps',
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          'src/index.ts',
          '--config',
          '../../app-config.yaml',
          '--config',
          configFile,
        ],
        {
          cwd: backendDir,
          env: { ...process.env, NODE_ENV: 'development' },
          stdio: ['ignore', log, log],
        },
      );
      const url = `http://localhost:${port}`;
      replicas.push({ url, process: child });
      await waitForHealth(url, child, path.join(dir, `replica-${port}.log`));
    }
    return set;
  } catch (error) {
    await set.stop();
    throw error;
  }
}

function replicaConfig(
  port: number,
  dataDir: string,
  options: { cluster: object; name: string; instance: string },
) {
  return {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'pg',
        connection: postgres,
        prefix: `${options.name}_`,
      },
    },
    slipway: {
      runtime: 'kubernetes',
      router: 'ingress',
      dataDir,
      encryptionKey: Buffer.alloc(32, 7).toString('base64'),
      domain: 'apps.example.test',
      defaultCluster: (options.cluster as { name: string }).name,
      kubernetes: {
        clusters: [options.cluster],
        instance: options.instance,
        ingress: { className: 'nginx' },
      },
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, log: string) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (fs.readFileSync(log, 'utf8').includes('Backend startup failed')) break;
    try {
      if ((await fetch(`${url}/api/slipway/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(
    `The replica at ${url} did not start:\n${fs
      .readFileSync(log, 'utf8')
      .slice(-3000)}`,
  );
}

async function stopProcess(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Drops the replicas' databases (psql, as the CI image has it). */
async function dropDatabases(name: string) {
  const psql = (sql: string) =>
    execFileSync(
      'psql',
      ['-h', postgres.host, '-U', postgres.user, '-d', 'postgres', '-Atc', sql],
      { encoding: 'utf8' },
    );
  const names = psql(
    `SELECT datname FROM pg_database WHERE datname LIKE '${name}\\_%'`,
  );
  for (const datname of names.split('\n').filter(Boolean)) {
    psql(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}
