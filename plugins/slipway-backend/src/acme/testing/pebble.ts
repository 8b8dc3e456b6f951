import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import * as acme from 'acme-client';
import { AcmeIssuer, type AcmeIssuerOptions } from '../AcmeIssuer';

export type Pebble = {
  directoryUrl: string;
  /** The CA of pebble's own HTTPS API (trust it in the ACME client). */
  apiCa: string;
  /** The root pebble signs issued certificates with (trust it to check a router's HTTPS). */
  issuingRoot: () => Promise<string>;
  /** Makes the mock DNS answer `host` with `address` (e.g. one nothing listens on). */
  addA: (host: string, address: string) => Promise<void>;
  close: () => Promise<void>;
};

/**
 * Debian's pebble (a test ACME server) and pebble-challtestsrv as its DNS server (every name is
 * 127.0.0.1 unless told otherwise), on loopback ports from `basePort`. Pebble checks HTTP-01
 * answers on `httpPort`: the router's HTTP port.
 */
export async function startPebble(options: {
  basePort: number;
  httpPort: number;
}): Promise<Pebble> {
  const { basePort, httpPort } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-pebble-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=pebble',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const apiCa = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const [api, management, dns, dnsManagement, tls] = [0, 1, 2, 3, 4].map(
    i => basePort + i,
  );
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${api}`,
        managementListenAddress: `127.0.0.1:${management}`,
        certificate: path.join(dir, 'cert.pem'),
        privateKey: path.join(dir, 'key.pem'),
        httpPort,
        tlsPort: tls,
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );
  const children: ChildProcess[] = [];
  const start = (cmd: string, args: string[], ready: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, args, {
        cwd: dir,
        env: {
          ...process.env,
          PEBBLE_VA_NOSLEEP: '1',
          PEBBLE_WFE_NONCEREJECT: '0',
          // Every order proves its challenge again (renewal included).
          PEBBLE_AUTHZREUSE: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      const timer = setTimeout(
        () => reject(new Error(`${cmd} did not start: ${output}`)),
        15_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`${cmd} exited with ${code}: ${output}`));
      });
    });
  const agent = new Agent({ ca: apiCa });
  const close = async () => {
    await Promise.all(
      children.map(child => {
        child.removeAllListeners('exit');
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill();
        return child.exitCode === null ? exited : undefined;
      }),
    );
    agent.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await start(
      'pebble-challtestsrv',
      [
        '-defaultIPv4',
        '127.0.0.1',
        '-defaultIPv6',
        '',
        '-dns01',
        `127.0.0.1:${dns}`,
        '-http01',
        '',
        '-https01',
        '',
        '-tlsalpn01',
        '',
        '-management',
        `127.0.0.1:${dnsManagement}`,
      ],
      /Starting management server/,
    );
    await start(
      'pebble',
      [
        '-config',
        path.join(dir, 'config.json'),
        '-dnsserver',
        `127.0.0.1:${dns}`,
      ],
      /ACME directory available/,
    );
  } catch (error) {
    await close();
    throw error;
  }
  const call = (port: number, method: string, urlPath: string, body?: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method, path: urlPath, agent },
        res => {
          let text = '';
          res.on('data', c => (text += c));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(text)
              : reject(new Error(`${urlPath}: ${res.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const plain = (port: number, urlPath: string, body: string) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: urlPath },
        (res: IncomingMessage) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve()
              : reject(new Error(`${urlPath}: ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    directoryUrl: `https://127.0.0.1:${api}/dir`,
    apiCa,
    issuingRoot: () => call(management, 'GET', '/roots/0'),
    addA: (host, address) =>
      plain(
        dnsManagement,
        '/add-a',
        JSON.stringify({ host: `${host}.`, addresses: [address] }),
      ),
    close,
  };
}

/**
 * An AcmeIssuer ordering from `pebble`, with the settings the pebble suites share; the ACME
 * client is made to trust pebble's API certificate through the returned agent (destroy it after).
 * Owners' autoTls failures are pushed to `failures`.
 */
export function pebbleIssuer(
  pebble: Pebble,
  options: Pick<AcmeIssuerOptions, 'ledger' | 'challenges' | 'logger' | 'now'>,
  failures: { app: string; domain: string; reason: string }[],
): { issuer: AcmeIssuer; agent: Agent } {
  const agent = new Agent({ ca: pebble.apiCa });
  acme.axios.defaults.httpsAgent = agent;
  const issuer = new AcmeIssuer({
    ...options,
    settings: {
      directoryUrl: pebble.directoryUrl,
      email: 'ops@example.com',
      renewBeforeMs: 30 * 86_400_000,
      retryAfterMs: 3_600_000,
    },
    notifier: {
      autoTlsFailed: async (app, domain, reason) => {
        failures.push({ app: app.name, domain, reason });
      },
    },
    reconcile: () => {},
  });
  return { issuer, agent };
}
