/* eslint-disable jest/no-export, jest/valid-title, jest/valid-describe-callback, jest/no-disabled-tests -- a describe wrapper for the suites, not a test file */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  adminObjects,
  realClusterAvailable,
  uniqueSuffix,
} from './realCluster';

/**
 * The real node of ../shared/k8s (kubelet, containerd, runc) that `npm test` adds to the control plane
 * (scripts/kubeControlPlane.js) and announces with its local registry as SLIPWAY_TEST_REAL_NODE_REGISTRY.
 * Its containers really run: probes, restarts, OOM kills, logs, exec. Skipped locally when it cannot start
 * (not root, packages missing), failing under CI.
 */
const registry = process.env.SLIPWAY_TEST_REAL_NODE_REGISTRY;

export const realNodeAvailable = realClusterAvailable && Boolean(registry);

/** What a pod needs to land on the real node: its label and a toleration of its taint. */
export const realNodePlacement = {
  nodeSelector: { 'slipway.test/real-node': 'true' },
  tolerations: [
    {
      key: 'slipway.test/real-node',
      operator: 'Exists',
      effect: 'NoSchedule',
    },
  ],
};

/** `describe` when the real node runs; otherwise skipped locally and failing under CI. */
export function describeWithRealNode(name: string, fn: () => void) {
  if (realNodeAvailable) {
    describe(name, fn);
  } else if (process.env.CI) {
    describe(name, () => {
      it('needs the real node (run the tests with `npm test` as root)', () => {
        throw new Error(
          'SLIPWAY_TEST_REAL_NODE_REGISTRY is not set: CI requires the real-node tests',
        );
      });
    });
  } else {
    describe.skip(name, fn);
  }
}

const assets =
  process.env.SLIPWAY_TEST_KUBE_ASSETS ??
  path.resolve(__dirname, '../../../../../../shared/k8s');

/**
 * Builds a single-layer image with ../shared/k8s/image.sh (the host's node, busybox as /bin/sh, `dir` at /app)
 * and pushes it to the real node's registry; returns the reference with its digest.
 */
export async function buildImage(
  nameAndTag: string,
  dir: string,
  command: string[] = [],
): Promise<string> {
  if (!registry) throw new Error('SLIPWAY_TEST_REAL_NODE_REGISTRY is not set');
  const { stdout } = await promisify(execFile)(
    path.join(assets, 'image.sh'),
    [nameAndTag, dir, ...command],
    {
      env: { ...process.env, K8S_REGISTRY_PORT: registry.split(':')[1] },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout.trim().split('\n').pop()!;
}

/**
 * `buildImage`, plus a second layer with the files of `rootDir` at the image's root (e.g. a stand-in
 * `/cnb/lifecycle/creator` or `/usr/local/bin/curl`, which image.sh cannot place outside /app).
 * Returns the reference with its digest.
 */
export async function buildImageWithRootFiles(
  nameAndTag: string,
  dir: string,
  rootDir: string,
  command: string[] = [],
): Promise<string> {
  const [name, tag] = nameAndTag.split(':');
  const base = await buildImage(`${name}:${tag}-base`, dir, command);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-image-'));
  const run = promisify(execFile);
  try {
    const layout = path.join(work, 'oci');
    await run('skopeo', [
      'copy',
      '-q',
      '--src-tls-verify=false',
      `docker://${base}`,
      `oci:${layout}:${tag}`,
    ]);
    const blob = (digest: string) =>
      path.join(layout, 'blobs', 'sha256', digest.replace('sha256:', ''));
    const sha256 = (file: string) =>
      `sha256:${createHash('sha256')
        .update(fs.readFileSync(file))
        .digest('hex')}`;
    const store = (file: string) => {
      const digest = sha256(file);
      fs.renameSync(file, blob(digest));
      return { digest, size: fs.statSync(blob(digest)).size };
    };
    const writeJson = (value: unknown) => {
      const file = path.join(work, 'blob.json');
      fs.writeFileSync(file, JSON.stringify(value));
      return store(file);
    };

    // Top-level entries only, never "./": the layer must not change the root directory's mode.
    const layerFile = path.join(work, 'layer.tar');
    await run('tar', [
      '--numeric-owner',
      '--owner=0',
      '--group=0',
      '--mode=a+rX,go-w',
      '--sort=name',
      '--mtime=@0',
      '-C',
      rootDir,
      '-cf',
      layerFile,
      ...fs.readdirSync(rootDir),
    ]);
    const layer = store(layerFile);
    const index = JSON.parse(
      fs.readFileSync(path.join(layout, 'index.json'), 'utf8'),
    );
    const manifest = JSON.parse(
      fs.readFileSync(blob(index.manifests[0].digest), 'utf8'),
    );
    const config = JSON.parse(
      fs.readFileSync(blob(manifest.config.digest), 'utf8'),
    );
    config.rootfs.diff_ids.push(layer.digest);
    const newConfig = writeJson(config);
    manifest.config = { ...manifest.config, ...newConfig };
    manifest.layers.push({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      ...layer,
    });
    const newManifest = writeJson(manifest);
    index.manifests = [{ ...index.manifests[0], ...newManifest }];
    fs.writeFileSync(path.join(layout, 'index.json'), JSON.stringify(index));

    const digestFile = path.join(work, 'digest');
    await run('skopeo', [
      'copy',
      '-q',
      '--dest-tls-verify=false',
      '--digestfile',
      digestFile,
      `oci:${layout}:${tag}`,
      `docker://${registry}/${name}:${tag}`,
    ]);
    return `${registry}/${name}@${fs.readFileSync(digestFile, 'utf8').trim()}`;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Where pods on the real node reach this machine: the CNI bridge's gateway (../shared/k8s README). */
export const POD_GATEWAY = '10.88.0.1';

/**
 * A TCP relay on the bridge gateway (`POD_GATEWAY:port`) to a server on this machine's loopback, so that
 * pods reach it (the backend of a test listens on a port it learns only when started: `setTarget`).
 * The gateway exists once the node ran a pod; `ensurePodBridge` sees to that.
 */
export async function relayFromPods(port: number): Promise<{
  setTarget(port: number): void;
  close(): Promise<void>;
}> {
  let target = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, POD_GATEWAY, () => resolve());
  });
  return {
    setTarget: value => {
      target = value;
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The bridge gateway appears when the node starts its first pod: if it is not there yet, runs one (the
 * pause image the node has imported) and waits for it.
 */
export async function ensurePodBridge(): Promise<void> {
  const present = () =>
    Object.values(os.networkInterfaces()).some(addresses =>
      addresses?.some(a => a.address === POD_GATEWAY),
    );
  if (present()) return;
  const api = adminObjects();
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `bridge-${uniqueSuffix()}`, namespace: 'default' },
    spec: {
      ...realNodePlacement,
      automountServiceAccountToken: false,
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.9' }],
    },
  };
  await api.create(pod);
  try {
    for (let i = 0; i < 300 && !present(); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  } finally {
    await api.delete(pod).catch(() => {});
  }
  if (!present()) {
    throw new Error(`the real node's bridge ${POD_GATEWAY} did not appear`);
  }
}
