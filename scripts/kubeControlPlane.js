/*
 * Starts the real Kubernetes 1.28 control plane of ../shared/k8s (etcd, kube-apiserver, controller-manager,
 * scheduler and the fake kubelet) once per test run, for the suites that test Slipway's Kubernetes parts.
 *
 * The binaries are found at SLIPWAY_TEST_KUBE_ASSETS, else ../shared/k8s beside the repository. When they or
 * etcd are missing, the Kubernetes suites are skipped locally; with CI set they are required (like PostgreSQL).
 * A control plane that is already running (up.sh is idempotent) is reused and left running; one this run
 * started is stopped and purged afterwards, unless another run still uses it. Only one can run per machine: the fake kubelet serves pod logs on
 * fixed node addresses (127.0.1.11-12:10250).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');

function findAssets(env) {
  const dir =
    env.SLIPWAY_TEST_KUBE_ASSETS || path.resolve(REPO, '../shared/k8s');
  return fs.existsSync(path.join(dir, 'up.sh')) &&
    fs.existsSync(path.join(dir, 'bin/kube-apiserver'))
    ? dir
    : undefined;
}

function hasCommand(name) {
  return (
    spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
      .status === 0
  );
}

function apiAnswers(kubeconfig) {
  if (!fs.existsSync(kubeconfig)) return false;
  const pki = path.join(path.dirname(kubeconfig), 'pki');
  const server = /server: (\S+)/.exec(fs.readFileSync(kubeconfig, 'utf8'))?.[1];
  if (!server) return false;
  const r = spawnSync('curl', [
    '-sf',
    '--max-time',
    '3',
    '--cacert',
    `${pki}/ca.crt`,
    '--cert',
    `${pki}/admin.crt`,
    '--key',
    `${pki}/admin.key`,
    `${server}/readyz`,
  ]);
  return r.status === 0;
}

/**
 * Makes a control plane available. Returns `{ kubeconfig, stop }`, or `{ skipped: reason }` when it cannot run
 * here (the caller fails under CI).
 */
function ensureControlPlane(env) {
  const assets = findAssets(env);
  if (!assets)
    return {
      skipped:
        'no control plane binaries (set SLIPWAY_TEST_KUBE_ASSETS or provide ../shared/k8s)',
    };
  for (const command of ['etcd', 'python3', 'openssl', 'curl']) {
    if (!hasCommand(command))
      return {
        skipped: `${command} is not installed (apt-get install etcd-server python3 openssl curl)`,
      };
  }
  const state =
    env.SLIPWAY_K8S_STATE ||
    path.join(env.TMPDIR || '/tmp', `slipway-k8s-${process.getuid()}`);
  const kubeconfig = path.join(state, 'kubeconfig');
  const wasRunning = apiAnswers(kubeconfig);
  const up = spawnSync(path.join(assets, 'up.sh'), [state], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (up.status !== 0) {
    return {
      skipped: `up.sh failed (${up.status}): ${up.stderr
        .split('\n')
        .slice(-6)
        .join('\n')}`,
    };
  }
  // Each run that uses it leaves its pid here: a run never takes the control plane down under another one (whether
  // it was running is a guess when a loaded API server answers late).
  const users = path.join(state, '.users');
  fs.mkdirSync(users, { recursive: true });
  const mine = path.join(users, String(process.pid));
  fs.writeFileSync(mine, '');
  return {
    kubeconfig,
    stop() {
      fs.rmSync(mine, { force: true });
      if (!wasRunning && !othersAlive(users))
        spawnSync(path.join(assets, 'down.sh'), [state, '--purge'], {
          stdio: 'ignore',
        });
    },
  };
}

/** Whether another live process uses the control plane (files of dead ones are removed). */
function othersAlive(users) {
  let alive = false;
  for (const name of fs.readdirSync(users)) {
    try {
      process.kill(Number(name), 0);
      alive = true;
    } catch (error) {
      if (error.code === 'EPERM') alive = true;
      else fs.rmSync(path.join(users, name), { force: true });
    }
  }
  return alive;
}

/**
 * Adds the real node of ../shared/k8s (kubelet, containerd, runc; `real-node.sh`) to the control plane that
 * `ensureControlPlane` started, and returns `{ registry }` (the local registry, 127.0.0.1:PORT) or
 * `{ skipped: reason }` (not root, Debian packages missing). `down.sh --purge` stops it with the control plane.
 */
function ensureRealNode(env, kubeconfig) {
  const assets = findAssets(env);
  const realNode = assets && path.join(assets, 'real-node.sh');
  if (!realNode || !fs.existsSync(realNode))
    return { skipped: 'no real-node.sh in the control plane assets' };
  if (process.getuid() !== 0)
    return { skipped: 'the real node needs root (containerd, runc, CNI)' };
  const r = spawnSync(realNode, [path.dirname(kubeconfig)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const registry = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !/^127\.0\.0\.1:\d+$/.test(registry ?? ''))
    return {
      skipped: `real-node.sh failed (${r.status}): ${r.stderr
        .split('\n')
        .slice(-6)
        .join('\n')}`,
    };
  return { registry };
}

module.exports = { ensureControlPlane, ensureRealNode };
