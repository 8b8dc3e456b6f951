/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests, jest/expect-expect -- a describe wrapper and helpers for the suites, not a test file */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../routing/builtin/testing/http';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';
export const registryAvailable = fs.existsSync(REGISTRY_BINARY);

/** `describe` when Debian's docker-registry is installed; skipped locally without it, failing under CI. */
export function describeWithRegistry(name: string, fn: () => void) {
  if (registryAvailable) describe(name, fn);
  else if (process.env.CI) {
    describe(name, () => {
      it('needs docker-registry (apt-get install docker-registry)', () => {
        throw new Error(`${REGISTRY_BINARY} is missing: CI requires it`);
      });
    });
  } else describe.skip(name, fn);
}

export type TestRegistry = {
  /** `127.0.0.1:<port>`: the host part of image references. */
  host: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Pushes a tiny one-layer OCI image as `repository:tag` over the distribution API; returns its digest. */
  pushImage(repository: string, tag: string, content?: string): Promise<string>;
  stop(): Promise<void>;
};

/**
 * A real OCI distribution registry (Debian's docker-registry 2.8) on a free port, storing in a temporary
 * directory. With `auth`, it asks for HTTP Basic credentials (an htpasswd file with a bcrypt hash).
 */
export async function startTestRegistry(
  options: { auth?: { username: string; password: string } } = {},
): Promise<TestRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-registry-'));
  const port = await freePort();
  const auth = options.auth;
  if (auth) {
    // docker-registry only reads bcrypt hashes; Python's crypt module makes one without extra packages.
    const hash = execFileSync(
      'python3',
      [
        '-W',
        'ignore',
        '-c',
        'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))',
        auth.password,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .replace(/^\$2b\$/, '$2y$');
    fs.writeFileSync(path.join(dir, 'htpasswd'), `${auth.username}:${hash}\n`);
  }
  fs.writeFileSync(
    path.join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${path.join(dir, 'data')} } }`,
      `http: { addr: "127.0.0.1:${port}", secret: test-secret }`,
      auth
        ? `auth: { htpasswd: { realm: test, path: ${path.join(
            dir,
            'htpasswd',
          )} } }`
        : '',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    REGISTRY_BINARY,
    ['serve', path.join(dir, 'config.yml')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', d => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const authHeader: Record<string, string> = auth
    ? {
        authorization: `Basic ${Buffer.from(
          `${auth.username}:${auth.password}`,
        ).toString('base64')}`,
      }
    : {};
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/v2/`, { headers: authHeader });
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 100 || child.exitCode !== null) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }

  const uploadBlob = async (repository: string, data: Buffer) => {
    const digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers: authHeader,
    });
    if (start.status !== 202) throw new Error(`upload: ${start.status}`);
    const location = new URL(start.headers.get('location')!, url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      headers: { ...authHeader, 'content-type': 'application/octet-stream' },
      body: data,
    });
    if (put.status !== 201) throw new Error(`blob put: ${put.status}`);
    return { digest, size: data.length };
  };

  return {
    host: `127.0.0.1:${port}`,
    url,
    async pushImage(repository, tag, content = 'hello') {
      const layer = await uploadBlob(repository, Buffer.from(content));
      const config = await uploadBlob(
        repository,
        Buffer.from(
          JSON.stringify({
            architecture: 'amd64',
            os: 'linux',
            rootfs: { type: 'layers', diff_ids: [layer.digest] },
          }),
        ),
      );
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            ...config,
          },
          layers: [
            {
              mediaType: 'application/vnd.oci.image.layer.v1.tar',
              ...layer,
            },
          ],
        }),
      );
      const put = await fetch(`${url}/v2/${repository}/manifests/${tag}`, {
        method: 'PUT',
        headers: {
          ...authHeader,
          'content-type': 'application/vnd.oci.image.manifest.v1+json',
        },
        body: manifest,
      });
      if (put.status !== 201) throw new Error(`manifest put: ${put.status}`);
      return `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(r => child.once('exit', r));
        child.kill();
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
