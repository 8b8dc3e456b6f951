import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import {
  launcherCommand,
  LAUNCHER_ENV,
  LAUNCH_FD,
  launchScript,
  trustedProgram,
} from './launcher';
import {
  Cgroups,
  limitDefaults,
  limitsStep,
  type GroupUsage,
  type LimitCeilings,
} from './limits';
import {
  listensInside,
  sandboxNetwork,
  type NetworkCheck,
  type SandboxNetwork,
} from './network';
import { setOwner } from './ownership';
import {
  firstThree,
  groupMembers,
  signalGroup,
  spawnGroupWith,
} from './processGroup';
import {
  prepareSandbox,
  type SandboxSetup,
  type SandboxSetupStep,
} from './setup';
import { seccompFilter } from './seccomp';
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

/** The extra descriptors of a bwrap launch (0-2 are the process's stdio). */
const FD = { launch: LAUNCH_FD, args: 4, block: 5, info: 6, seccomp: 7 };

/** The seccomp filter every sandbox gets (see `seccomp.ts`); undefined on an architecture it does not know. */
const SECCOMP = seccompFilter();

/**
 * Runs pushed code under bubblewrap: own PID, IPC and UTS namespaces; a read-only view of /usr
 * and the few /etc files above; its own directory (`/app`) writable only for builds; `HOME` and a
 * private, size-capped `/tmp` writable; its own network namespace (see `network/`): the outside
 * world, the router, its port forwarded from the host's loopback, nothing else of the host. The
 * backend's data directory, repositories, other apps and other processes do not exist in there.
 *
 * The launch is the platform's: `bwrap`, `setpriv` and the launcher's `sh` are called by absolute
 * path (found in the system directories, never through `PATH`) with a fixed environment of their
 * own (`LAUNCHER_ENV`). bwrap reads its arguments from fd 4 (`--args`), so its command line (also
 * `/proc/1/cmdline` inside the sandbox) names no host path; the app's environment and command go
 * through fd 3 to the launcher, which runs after the user change (see `launcher.ts`).
 *
 * Between the sandbox's creation and its command, the setup steps run on the sandbox's pid (bwrap
 * `--info-fd` tells it, `--block-fd` waits for them): first the cgroups of its limits (so that
 * nothing runs in there outside them), then its network (see `SandboxSetupStep`). `spawn` still
 * returns the ChildProcess at once.
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
  readonly limitsProblem?: string;
  readonly ceilings: LimitCeilings;
  readonly usage?: () => GroupUsage[];
  /** What runs on each sandbox before its command, in order: limits, then network. */
  readonly setupSteps: SandboxSetupStep[] = [];
  /** Gives each sandbox its own network; undefined where it cannot (then `weakness` says so). */
  readonly network?: SandboxNetwork;
  private readonly asRoot: boolean;
  private readonly system: string[];
  private readonly bwrap?: string;
  private readonly exitNotes = new WeakMap<ChildProcess, string>();

  constructor(
    private readonly settings: SandboxSettings,
    binary = 'bwrap',
    cgroups?: Cgroups,
  ) {
    this.asRoot = process.getuid?.() === 0;
    this.system = systemView();
    this.bwrap = trustedProgram(binary);
    const weaknesses: string[] = [];
    if (!this.asRoot) {
      weaknesses.push(
        `the backend does not run as root, so sandboxed processes are uid ${settings.uid} only inside their user namespace (the backend's user outside)`,
      );
    }
    this.ceilings = settings.limits;
    const groups = cgroups ?? new Cgroups();
    let limitsProblem = groups.problem;
    if (!limitsProblem) {
      try {
        groups.limitTotal({
          memoryBytes: settings.limits.totalMemoryBytes,
          pids: settings.limits.totalPids,
        });
      } catch (error) {
        limitsProblem = `the total limits of all sandboxes cannot be set (${
          (error as Error).message
        })`;
      }
    }
    this.limitsProblem = limitsProblem;
    if (!limitsProblem) {
      this.setupSteps.push(limitsStep(groups, settings.limits));
      this.usage = () => groups.usage();
    }
    const network = sandboxNetwork(settings.routerPorts, this.asRoot);
    if ('network' in network) {
      this.network = network.network;
      this.setupSteps.push(network.network);
    } else {
      weaknesses.push(network.problem);
    }
    if (!SECCOMP) {
      weaknesses.push(
        `no seccomp filter for ${process.arch}: sandboxed processes may create user namespaces and use the kernel keyrings`,
      );
    }
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

  /** bwrap's options (no command) for `dirs` and the sizes of its tmpfs mounts. */
  args(dirs: SandboxDirs, spec: Pick<SandboxedSpawn, 'build'> = {}): string[] {
    const { uid, gid } = this.settings;
    const sizes = limitDefaults(this.settings.limits, spec);
    const user = this.asRoot
      ? []
      : ['--unshare-user', '--uid', String(uid), '--gid', String(gid)];
    // bwrap would resolve relative sources against its own working directory.
    const mounts = [
      ...this.system,
      dirs.appWritable ? '--bind' : '--ro-bind',
      path.resolve(dirs.app),
      INSIDE.app,
      ...(dirs.privateHome
        ? []
        : ['--bind', path.resolve(dirs.home), INSIDE.home]),
      ...(dirs.cache ? ['--bind', path.resolve(dirs.cache), INSIDE.cache] : []),
    ];
    // A private tmpfs, capped (it is RAM, counted in the memory limit too); bwrap makes it root's,
    // so it is opened to the sandbox's user (only that user's processes exist in there).
    const tmpfs = (dir: string, bytes: number) => [
      '--size',
      String(bytes),
      '--tmpfs',
      dir,
      '--chmod',
      '1777',
      dir,
    ];
    return [
      '--die-with-parent',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--unshare-cgroup-try',
      ...(this.network ? ['--unshare-net'] : []),
      ...user,
      // A private HOME's parent (/home) is made like the bind mounts' parents.
      ...parentDirectories([
        ...mounts,
        ...(dirs.privateHome ? ['--bind', '-', INSIDE.home] : []),
      ]),
      ...mounts,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      ...tmpfs('/tmp', sizes.tmpBytes),
      ...tmpfs('/dev/shm', sizes.tmpBytes),
      ...(dirs.privateHome ? tmpfs(INSIDE.home, sizes.homeBytes) : []),
      '--chdir',
      INSIDE.app,
    ];
  }

  /** What runs in the sandbox as bwrap's command: the user change, then the launcher. */
  private command(): string[] {
    return [...this.dropToUser(), ...launcherCommand()];
  }

  /** A backend running as root changes to the sandbox's user with `setpriv`, by absolute path. */
  private dropToUser(): string[] {
    const { uid, gid } = this.settings;
    return this.asRoot
      ? [
          trustedProgram('setpriv') ?? '/usr/bin/setpriv',
          `--reuid=${uid}`,
          `--regid=${gid}`,
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          '--no-new-privs',
          '--',
        ]
      : [];
  }

  spawn(spec: SandboxedSpawn): ChildProcess {
    // First, as it may refuse the environment: nothing is started then.
    const script = launchScript(spec.env, spec.command, spec.args);
    const options = [
      ...this.args(spec.dirs, spec),
      '--info-fd',
      String(FD.info),
      '--block-fd',
      String(FD.block),
      ...(SECCOMP ? ['--seccomp', String(FD.seccomp)] : []),
    ];
    const child = spawnWithFds(
      this.bwrap ?? 'bwrap',
      ['--args', String(FD.args), '--', ...this.command()],
      spec,
    );
    const pipes = child.stdio as unknown as (Readable & Writable)[];
    for (const fd of Object.values(FD)) pipes[fd]?.on('error', () => {});
    pipes[FD.args]?.end(options.map(arg => `${arg}\0`).join(''));
    pipes[FD.launch]?.end(script);
    pipes[FD.seccomp]?.end(SECCOMP ?? '');

    let setups: SandboxSetup[] | undefined;
    let exited = false;
    let info = '';
    pipes[FD.info]?.setEncoding('utf8');
    pipes[FD.info]?.on('data', chunk => {
      info += chunk;
    });
    pipes[FD.info]?.once('end', async () => {
      const sandboxPid = Number(/"child-pid":\s*(\d+)/.exec(info)?.[1]);
      if (!sandboxPid || exited) return;
      try {
        setups = await prepareSandbox(this.setupSteps, sandboxPid, spec);
      } catch (error) {
        this.exitNotes.set(child, (error as Error).message);
        if (child.pid) signalGroup(child.pid, 'SIGKILL');
        return;
      }
      if (exited) setups.forEach(setup => setup.release());
      else pipes[FD.block]?.end('go');
    });
    // Registered before the caller's listeners: the notes are known when they run.
    child.once('exit', (code, signal) => {
      exited = true;
      // bwrap's sandbox dies with bwrap only once its command was released: bwrap killed during the
      // setup (a probe's timeout kills bwrap alone) would leave the sandbox's init blocked, or
      // waiting forever on what the setup started in there (pasta). What is left of the group goes
      // with bwrap (the group still has members, so its id was not reused).
      if (child.pid && groupMembers(child.pid).length > 0) {
        signalGroup(child.pid, 'SIGKILL');
      }
      pipes[FD.block]?.destroy();
      const notes = (setups ?? [])
        .map(setup => setup.exitNote?.({ code, signal }))
        .filter(Boolean);
      if (notes.length > 0) this.exitNotes.set(child, notes.join('; '));
      for (const setup of setups ?? []) setup.release();
    });
    return child;
  }

  exitNote(child: ChildProcess): string | undefined {
    return this.exitNotes.get(child);
  }

  listening(pid: number, port: number): boolean | undefined {
    return this.network ? listensInside(pid, port) : undefined;
  }

  checkInside(
    pid: number,
    check: NetworkCheck,
    timeoutMs: number,
    cancel?: AbortSignal,
  ): Promise<boolean> | undefined {
    return this.network?.check(pid, check, timeoutMs, cancel);
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
    if (!this.bwrap) {
      return `"bwrap" is not installed (Debian/Ubuntu: apt-get install bubblewrap)`;
    }
    const scratch = fs.mkdtempSync(
      path.join(os.tmpdir(), 'slipway-sandbox-check-'),
    );
    try {
      const result = spawnSync(
        this.bwrap,
        [
          ...this.args({
            app: scratch,
            appWritable: false,
            home: scratch,
            tmp: scratch,
          }),
          '--',
          ...this.dropToUser(),
          trustedProgram('true') ?? '/bin/true',
        ],
        { encoding: 'utf8', timeout: 10_000, env: { ...LAUNCHER_ENV } },
      );
      if (result.error) {
        return (result.error as NodeJS.ErrnoException).code === 'ENOENT'
          ? `"${this.bwrap}" is not installed (Debian/Ubuntu: apt-get install bubblewrap)`
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
 * Starts bwrap as the leader of a new process group with the launcher's environment (never the
 * app's) and five pipes after stdio: the launch script, bwrap's arguments, its block and info fds,
 * the seccomp filter.
 */
function spawnWithFds(command: string, args: string[], spec: SandboxedSpawn) {
  return spawnGroupWith(command, args, {
    stdio: [...firstThree(spec.stdio), 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    timeoutMs: spec.timeoutMs,
  });
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
  // Machine-wide settings under /usr (npm's `<prefix>/etc/npmrc` may hold registry credentials),
  // like those of /etc, are not shown: their directory is an empty, read-only tmpfs. (A device
  // bound over the file would be unreadable, and npm fails on an unreadable npmrc.)
  for (const dir of new Set([
    path.join(prefix, 'etc'),
    '/usr/etc',
    '/usr/local/etc',
  ])) {
    if (fs.existsSync(path.join(dir, 'npmrc'))) {
      args.push('--size', '4096', '--tmpfs', dir, '--remount-ro', dir);
    }
  }
  return args;
}
