import {
  mockCredentials,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { makeCertificate } from '../api/__testUtils__/certificates';
import { freePort, send } from '../routing/builtin/testing/http';
import { commitNodeApp } from './__testUtils__/nodeAppRepo';
import { embeddedBackendFeatures } from './__testUtils__/embeddedBackend';
import { eventually, recordedGroups } from '../runtime/local/testing/fixtures';
import { groupMembers } from '../sandbox/processGroup';
import { testBubblewrap } from '../sandbox/__testUtils__/testSandbox';

jest.setTimeout(180_000);

const readProc = (pid: string, file: string) => {
  try {
    return file.startsWith('ns/')
      ? fs.readlinkSync(`/proc/${pid}/${file}`)
      : fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
};
const processIds = () => fs.readdirSync('/proc').filter(n => /^\d+$/.test(n));
/** A process's start time: a pid seen again is the same process only with the same one. */
const started = (pid: string) =>
  readProc(pid, 'stat')?.split(') ')[1]?.split(' ')[19];

/**
 * An app's sandboxes, as the local runtime recorded them (its processes' groups): their PID and
 * network namespaces, and every process then in there or holding one of them (pasta, which runs
 * in a PID namespace of its own under the sandbox's and holds its network namespace).
 */
function sandboxesOf(dataDir: string, app: string) {
  const groups = Object.values(recordedGroups(dataDir, app));
  const namespaces = new Set(
    groups.flatMap(group =>
      groupMembers(group).flatMap(({ pid }) =>
        ['ns/pid', 'ns/net'].map(ns => readProc(String(pid), ns)),
      ),
    ),
  );
  // bwrap itself runs in ours.
  for (const ns of ['ns/pid', 'ns/net'])
    namespaces.delete(readProc('self', ns));
  namespaces.delete(undefined);
  const processes = new Map<string, string | undefined>();
  for (const pid of processIds()) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone
    }
    const holds =
      namespaces.has(readProc(pid, 'ns/pid')) ||
      namespaces.has(readProc(pid, 'ns/net')) ||
      fds.some(fd => {
        try {
          return namespaces.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        } catch {
          return false;
        }
      });
    if (holds) processes.set(pid, started(pid));
  }
  return { groups, namespaces, processes };
}

/** What still runs of `sandboxes`: in their groups, their namespaces, or seen there before. */
function stillRunning({
  groups,
  namespaces,
  processes,
}: ReturnType<typeof sandboxesOf>) {
  const running = new Set([
    ...groups.flatMap(group => groupMembers(group).map(m => String(m.pid))),
    ...[...processes]
      .filter(([pid, start]) => started(pid) === start)
      .map(([pid]) => pid),
    ...processIds().filter(
      pid =>
        namespaces.has(readProc(pid, 'ns/pid')) ||
        namespaces.has(readProc(pid, 'ns/net')),
    ),
  ]);
  return [...running];
}

/**
 * The whole Heroku workflow on one machine, for real: the Slipway backend with the `local`
 * runtime, the `builtin` router and the git remote; code arrives by `git push` with the stock
 * git client and is answered through the router.
 */
describe('the embedded platform, end to end', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let dataDir: string;
  let sourceDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-embedded-'));
    sourceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(sourceDir, { recursive: true, force: true });
  });

  it('git push → answers → config → scale → rollback → domain + TLS → delete leaves nothing running', async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const backend = await startTestBackend({
      features: [
        ...embeddedBackendFeatures({
          knex: await databases.init('SQLITE_3'),
          dataDir,
          httpPort,
          httpsPort,
        }),
      ],
    });
    try {
      const auth = mockCredentials.user.header('user:default/jane');
      const api = (
        method: 'get' | 'post' | 'patch' | 'delete',
        url: string,
        body?: object,
      ) =>
        request(backend.server)
          [method](`/api/slipway${url}`)
          .set('Authorization', auth)
          .send(body);
      const released = (version: number) =>
        eventually(async () => {
          const release = (await api('get', `/apps/shop/releases/${version}`))
            .body;
          return release.status !== 'pending' ? release : undefined;
        }, 60_000);
      const answer = () => send(httpPort, 'shop.localhost');

      // Create the app and a deploy token.
      expect((await api('post', '/apps', { name: 'shop' })).status).toBe(201);
      const token = (
        await api('post', '/apps/shop/tokens', { description: 'test' })
      ).body.token;
      expect(token).toMatch(/^slw_/);

      // git push a small Node app with the real git client.
      const { git } = await commitNodeApp(
        sourceDir,
        "require('http').createServer((q, s) => s.end(`${process.env.GREETING || 'hello'} from ${process.env.SLIPWAY_RELEASE} ${process.env.PS}\\n`)).listen(process.env.PORT);\n",
      );
      const { port: backendPort } = backend.server.address() as AddressInfo;
      const remote = `http://jane:${token}@127.0.0.1:${backendPort}/api/slipway/git/shop.git`;
      const push = await git('push', remote, 'main');
      expect(push.stderr).toContain('remote: -----> Node.js app detected');
      expect(push.stderr).toContain('Released v2 at http://shop.localhost');
      expect(push.stderr).not.toContain(token);

      // The app answers through the router.
      expect(await answer()).toMatchObject({
        status: 200,
        body: 'hello from v2 web.1\n',
      });

      // Config set changes the answer.
      expect(
        (
          await api('patch', '/apps/shop/config', {
            values: { GREETING: 'ahoy' },
          })
        ).status,
      ).toBe(201);
      expect(await released(3)).toMatchObject({ status: 'succeeded' });
      expect((await answer()).body).toBe('ahoy from v3 web.1\n');

      // Scale web=3: three processes up, requests spread over them.
      expect((await api('post', '/apps/shop/scale', { web: 3 })).body).toEqual({
        web: 3,
      });
      await eventually(async () => {
        const processes: { type: string; state: string; release: number }[] = (
          await api('get', '/apps/shop/processes')
        ).body;
        return (
          processes.filter(
            p => p.type === 'web' && p.state === 'up' && p.release === 3,
          ).length === 3
        );
      }, 60_000);
      const seen = new Set<string>();
      await eventually(
        async () => seen.add((await answer()).body).size === 3,
        60_000,
      );

      // Rollback returns the old answer.
      expect(
        (await api('post', '/apps/shop/releases/rollback', {})).body,
      ).toMatchObject({
        version: 4,
        summary: 'jane rolled back to v2',
      });
      expect(await released(4)).toMatchObject({ status: 'succeeded' });
      expect((await answer()).body).toMatch(/^hello from v4 web\.\d\n$/);

      // A custom domain with a self-signed certificate answers over HTTPS.
      const cert = makeCertificate(['www.shop.test'], 30);
      expect(
        (await api('post', '/apps/shop/domains', { domain: 'www.shop.test' }))
          .status,
      ).toBe(201);
      expect(
        (
          await api('post', '/apps/shop/certs', {
            name: 'www',
            certificate: cert.certificate,
            key: cert.key,
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await api('post', '/apps/shop/certs/www/attach', {
            domain: 'www.shop.test',
          })
        ).status,
      ).toBe(200);
      const secure = await eventually(async () => {
        const reply = await send(httpsPort, 'www.shop.test', {
          tls: { servername: 'www.shop.test', ca: cert.certificate },
        });
        return reply.status === 200 ? reply : undefined;
      }, 60_000);
      expect(secure.body).toMatch(/^hello from v4 web\.\d\n$/);

      // Delete leaves nothing running and nothing on disk.
      const sandboxes = sandboxesOf(dataDir, 'shop');
      expect(sandboxes.groups.length).toBeGreaterThanOrEqual(3);
      // Each has its PID and network namespaces, and pasta, besides bwrap, its init and the app
      // (where this machine gives them: in CI always).
      const pidNamespace = testBubblewrap ? 1 : 0;
      const network = testBubblewrap?.network ? 1 : 0;
      expect(sandboxes.namespaces.size).toBe(
        (pidNamespace + network) * sandboxes.groups.length,
      );
      expect(
        [...sandboxes.processes.keys()].filter(pid =>
          /^pasta|^passt/.test(readProc(pid, 'comm') ?? ''),
        ).length,
      ).toBe(network * sandboxes.groups.length);
      expect(stillRunning(sandboxes).length).toBeGreaterThanOrEqual(3);
      expect((await api('delete', '/apps/shop')).status).toBe(204);
      await eventually(async () => (await answer()).status === 404, 60_000);
      await eventually(() => stillRunning(sandboxes).length === 0, 60_000);
      expect(fs.existsSync(path.join(dataDir, 'repos', 'shop.git'))).toBe(
        false,
      );
      expect(fs.existsSync(path.join(dataDir, 'logs', 'shop'))).toBe(false);
    } finally {
      await backend.stop();
    }
  });
});
