import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listensInside, sandboxNetwork, type SandboxNetwork } from './network';
import { setOwner } from './ownership';
import {
  groupMembers,
  signalGroup,
  spawnGroup,
  spawnGroupPrepared,
} from './processGroup';
import type { SandboxSettings } from './settings';
import type { Sandbox, SandboxDirs, SandboxedSpawn } from './types';

/** Where the sandboxed process finds its directories. */
const INSIDE = { app: '/app', home: '/home/app', tmp: '/tmp', cache: '/cache' };

/**
 * What a process needs of the host's /etc: name resolution, CA certificates, users and groups
 * (for `id`), the dynamic linker's cache, Debian's alternatives. Nothing else: no /etc/shadow,
 * no /etc/ssl/private, no machine-wide npmrc or pip.conf (they may hold registry credentials).
 */
const ETC = [
  'resolv.conf',
  'hosts',
  'host.conf',
  'nsswitch.conf',
  'gai.conf',
  'services',
  'protocols',
  'passwd',
  'group',
  'localtime',
  'timezone',
  'mime.types',
  'os-release',
  'debian_version',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'ca-certificates',
  'ca-certificates.conf',
  'ssl/certs',
  'ssl/openssl.cnf',
  'python3',
];

/** Top-level directories of a merged-/usr system, as symlinks or (older systems) directories. */
const USR_LINKS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/**
 * Runs pushed code under bubblewrap: own PID, IPC and UTS namespaces; a read-only view of /usr
 * and the few /etc files above; its own directory (`/app`) writable only for builds; `HOME` and a
 * private `/tmp` writable; its own network namespace (see `network/`): the outside world, the
 * router, its port forwarded from the host's loopback, nothing else of the host.
 * The backend's data directory, repositories, other apps and other processes do not exist in there.
 *
 * The user: a backend running as root starts the command through `setpriv` as `uid:gid`
 * (default 65534, nobody) with no capabilities and `no_new_privs`, so it is that user for the
 * kernel too. A backend running as an ordinary user cannot change users: the sandbox's user
 * namespace shows `uid` inside, mapped onto the backend's own user outside — files are then
 * protected by not being visible, not by permissions (see README, "Trust model").
 */
export class BubblewrapSandbox implements Sandbox {
  readonly kind = 'bubblewrap';
  readonly weakness?: string;
  /** Gives each sandbox its own network; undefined where it cannot (then `weakness` says so). */
  readonly network?: SandboxNetwork;
  private readonly asRoot: boolean;
  private readonly system: string[];

  constructor(
    private readonly settings: SandboxSettings,
    private readonly binary = 'bwrap',
  ) {
    this.asRoot = process.getuid?.() === 0;
    this.system = systemView();
    const weaknesses: string[] = [];
    if (!this.asRoot) {
      weaknesses.push(
        `the backend does not run as root, so sandboxed processes are uid ${settings.uid} only inside their user namespace (the backend's user outside)`,
      );
    }
    const network = sandboxNetwork(settings.routerPorts, this.asRoot);
    if ('network' in network) this.network = network.network;
    else weaknesses.push(network.problem);
    if (weaknesses.length > 0) this.weakness = weaknesses.join('; ');
  }

  paths(dirs: SandboxDirs) {
    return {
      app: INSIDE.app,
      home: INSIDE.home,
      tmp: INSIDE.tmp,
      ...(dirs.cache ? { cache: INSIDE.cache } : {}),
    };
  }

  /** The bwrap arguments that run `command args` with `dirs` (exported for the availability check). */
  args(dirs: SandboxDirs, command: string, args: string[]): string[] {
    const { uid, gid } = this.settings;
    const user = this.asRoot
      ? []
      : ['--unshare-user', '--uid', String(uid), '--gid', String(gid)];
    const dropToUser = this.asRoot
      ? [
          'setpriv',
          `--reuid=${uid}`,
          `--regid=${gid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--no-new-privs',
          '--',
        ]
      : [];
    // bwrap would resolve relative sources against its own working directory.
    const mounts = [
      ...this.system,
      dirs.appWritable ? '--bind' : '--ro-bind',
      path.resolve(dirs.app),
      INSIDE.app,
      '--bind',
      path.resolve(dirs.home),
      INSIDE.home,
      ...(dirs.cache ? ['--bind', path.resolve(dirs.cache), INSIDE.cache] : []),
    ];
    return [
      '--die-with-parent',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-cgroup-try',
      ...(this.network ? ['--unshare-net'] : []),
      ...user,
      ...parentDirectories(mounts),
      ...mounts,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--chmod',
      '1777',
      '/tmp',
      '--tmpfs',
      '/dev/shm',
      '--chmod',
      '1777',
      '/dev/shm',
      '--chdir',
      INSIDE.app,
      '--',
      ...dropToUser,
      command,
      ...args,
    ];
  }

  spawn(spec: SandboxedSpawn) {
    const args = this.args(spec.dirs, spec.command, spec.args);
    const network = this.network;
    if (!network) return spawnGroup(this.binary, args, spec.dirs.home, spec);
    // The command waits (`--block-fd`) until its network is attached to the sandbox's pid (`--info-fd`).
    return spawnGroupPrepared(this.binary, args, spec.dirs.home, spec, pid =>
      network.prepare(pid, spec),
    );
  }

  listening(pid: number, port: number): boolean | undefined {
    return this.network ? listensInside(pid, port) : undefined;
  }

  terminate(pid: number): void {
    // SIGTERM to bwrap itself would tear the sandbox down at once (its processes get SIGKILL):
    // the signal goes to the processes inside, not to bwrap (the group leader) and its init.
    const members = groupMembers(pid);
    const sandboxInit = new Set(
      members.filter(m => m.ppid === pid).map(m => m.pid),
    );
    let signalled = false;
    for (const member of members) {
      if (member.pid === pid || sandboxInit.has(member.pid)) continue;
      try {
        process.kill(member.pid, 'SIGTERM');
        signalled = true;
      } catch {
        // already gone
      }
    }
    if (!signalled) signalGroup(pid, 'SIGTERM');
  }

  async grantWritable(dir: string, recursive = false) {
    const { uid, gid } = this.settings;
    await setOwner(dir, this.asRoot ? { uid, gid } : undefined, recursive);
  }

  async reclaim(dir: string) {
    const owner = this.asRoot
      ? { uid: process.getuid!(), gid: process.getgid!() }
      : undefined;
    await setOwner(dir, owner, true);
  }

  /** Whether bwrap runs here (installed, user namespaces allowed); the reason when not. */
  check(): string | undefined {
    const scratch = fs.mkdtempSync(
      path.join(os.tmpdir(), 'slipway-sandbox-check-'),
    );
    try {
      const result = spawnSync(
        this.binary,
        this.args(
          { app: scratch, appWritable: false, home: scratch, tmp: scratch },
          'true',
          [],
        ),
        { encoding: 'utf8', timeout: 10_000, env: { PATH: '/usr/bin:/bin' } },
      );
      if (result.error) {
        return (result.error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `"${this.binary}" is not installed (Debian/Ubuntu: apt-get install bubblewrap)`
          : result.error.message;
      }
      if (result.status !== 0) {
        return `bwrap failed: ${(
          result.stderr || `exit code ${result.status}`
        ).trim()}`;
      }
      return undefined;
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
}

/**
 * bwrap creates the parents of mount points with the backend's umask (often 077, which would hide
 * /etc from the sandboxed user): they are created first, explicitly 0755.
 */
function parentDirectories(mounts: string[]): string[] {
  const parents = new Set<string>();
  for (let i = 0; i < mounts.length; i++) {
    if (!['--bind', '--ro-bind', '--symlink'].includes(mounts[i])) continue;
    const target = mounts[i + 2];
    i += 2;
    for (let dir = path.dirname(target); dir !== '/'; dir = path.dirname(dir)) {
      parents.add(dir);
    }
  }
  return [...parents]
    .sort((a, b) => a.split('/').length - b.split('/').length)
    .flatMap(dir => ['--perms', '0755', '--dir', dir]);
}

/** The read-only system: /usr, the top-level links into it, some of /etc, and the node that runs Slipway. */
function systemView(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of USR_LINKS) {
    const top = `/${name}`;
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(top);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink())
      args.push('--symlink', fs.readlinkSync(top), top);
    else if (stat.isDirectory()) args.push('--ro-bind', top, top);
  }
  for (const name of ETC) {
    const file = path.join('/etc', name);
    if (fs.existsSync(file)) args.push('--ro-bind', file, file);
  }
  args.push('--symlink', '/proc/self/mounts', '/etc/mtab');
  // Builds run npm and apps run `node` with the node that runs Slipway (e.g. /opt/node, ~/.nvm/...).
  const prefix = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
  if (prefix !== '/usr' && !prefix.startsWith('/usr/')) {
    args.push('--ro-bind', prefix, prefix);
  }
  return args;
}
