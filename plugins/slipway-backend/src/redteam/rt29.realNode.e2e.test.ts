import { describeWithRealNode } from '../kubernetes/__testUtils__/realNode';
import { slipwayOnRealNode } from '../runtime/kubernetes/__testUtils__/slipwayOnRealNode';

jest.setTimeout(180_000);

/**
 * Slipway's Kubernetes runtime on the real node of ../shared/k8s (kubelet, containerd, runc): apps are deployed
 * through the REST API as images built by image.sh, placed on the node by `slipway.kubernetes.pods`, and checked
 * from outside through their pods' own addresses. See docs/kubernetes.md, "How this is tested".
 */
describeWithRealNode('RT29: a tenant inside its pods on the real node', () => {
  const { appName, api, deployServing } = slipwayOnRealNode('rt');

  /** Runs a shell command in a one-off Job of the app (same pod spec as its processes), as the tenant. */
  const sh = async (app: string, command: string) => {
    const run = await api.post(`/apps/${app}/run`, { command });
    expect(run.status).toBe(200);
    return run.body as { exitCode: number; output: string };
  };

  it('identity, capabilities, token, host and network from inside a non-root pod', async () => {
    const app = appName('probe');
    await deployServing(app);
    const { output } = await sh(
      app,
      [
        'echo "id=$(id -u):$(id -g)"',
        "grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status",
        'ls /var/run/secrets 2>&1 | head -1',
        'echo "setuid=$(find / -xdev -perm -4000 2>/dev/null | wc -l)"',
        'echo "pid1=$(tr "\\0" " " < /proc/1/cmdline)"',
        'echo "procs=$(ls -d /proc/[0-9]* | wc -l)"',
        'echo "pidsmax=$(cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max 2>/dev/null)"',
        'echo "memlimit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null)"',
        'df -k /tmp | tail -1 | awk \'{print "tmpKB=" $2}\'',
        'touch /etc/x 2>/dev/null && echo rootfs=rw || echo rootfs=ro',
        `node -e 'for (const u of ["/pods","/runningpods/","/configz"]) require("https").get({host:"10.99.0.21",port:10250,path:u,rejectUnauthorized:false,timeout:3000},r=>{let b="";r.on("data",d=>b+=d);r.on("end",()=>console.log("kubelet"+u+"="+r.statusCode+" "+b.slice(0,40)))}).on("error",e=>console.log("kubelet"+u+"=err "+e.code))'`,
        'echo "kubeletro=$(wget -T 3 -q -O- http://10.99.0.21:10255/pods 2>&1 | head -c 80)"',
        'for p in 2379 5000 5432 6443 6379 7007 10248; do echo "gw$p=$(nc -w 2 10.88.0.1 $p </dev/null >/dev/null 2>&1 && echo open || echo closed)"; done',
        'for p in 2379 6443 10248; do echo "node$p=$(nc -w 2 10.99.0.21 $p </dev/null >/dev/null 2>&1 && echo open || echo closed)"; done',
      ].join('; '),
    );
    // eslint-disable-next-line no-console
    console.log(output);
    expect(output).toContain('id=1000:1000');
    expect(output).toMatch(/CapEff:\s+0000000000000000/);
    expect(output).toMatch(/CapBnd:\s+0000000000000000/);
    expect(output).toMatch(/NoNewPrivs:\s+1/);
    expect(output).toMatch(/Seccomp:\s+2/);
    expect(output).toContain('rootfs=ro');
    expect(output).not.toMatch(/serviceaccount/);
    expect(output).toContain('kubelet/pods=401');
    expect(output).toContain('kubelet/runningpods/=401');
  });

  it('a tenant with update permission cannot turn its app into root: the platform decides (pods.allowRoot)', async () => {
    const app = appName('root');
    await deployServing(app);
    const refused = await api.patch(`/apps/${app}/settings`, {
      runAsNonRoot: false,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'slipway.kubernetes.pods.allowRoot',
    );
    const { output } = await sh(
      app,
      'echo "id=$(id -u)"; grep -E \'^(CapEff|CapBnd|NoNewPrivs):\' /proc/self/status',
    );
    expect(output).toContain('id=1000');
    expect(output).toMatch(/CapEff:\s+0000000000000000/);
    expect(output).toMatch(/NoNewPrivs:\s+1/);
  });

  it('a release stuck in its rollout does not hold up another app’s release', async () => {
    const stuck = appName('stuck');
    const other = appName('other');
    await deployServing(stuck);
    await api
      .patch(`/apps/${stuck}/settings`, { deployTimeout: 90 })
      .expect(200);
    await api
      .patch(`/apps/${stuck}/config`, {
        values: { MODE: 'unhealthy' },
        healthchecks: {
          web: {
            readiness: { type: 'http', path: '/healthz', periodSeconds: 1 },
          },
        },
      })
      .expect(201);
    await deployServing(other);
    const v4 = (await api.get(`/apps/${stuck}/releases`)).body.items.find(
      (r: { version: number }) => r.version === 4,
    );
    expect(v4.status).not.toBe('succeeded');
    expect(v4.status).not.toBe('failed');
  });
});
