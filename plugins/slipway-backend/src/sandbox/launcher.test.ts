import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { groupMembers, signalGroup } from './processGroup';
import { launchScript } from './launcher';
import { runSandboxed } from './__testUtils__/runSandboxed';
import { describeWithBubblewrap } from './__testUtils__/testSandbox';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(30_000);

const SECRET = `app-secret-${Math.random().toString(36).slice(2)}`;

/** A descriptor number `sh` (dash) cannot name. */
const INHERITED_FD = 57;

/**
 * A backend holding `INHERITED_FD` that runs a sandboxed command looking for it, with the
 * platform's launcher or (to show what reaches the sandbox) the `sh` part of it alone.
 */
const INHERITING_BACKEND = `
require('sucrase/register/ts');
const path = require('node:path');
const [dir, app, home, launcher] = process.argv.slice(1);
const { BubblewrapSandbox } = require(path.join(dir, 'bubblewrap.ts'));
const { DEFAULT_SANDBOX_SETTINGS } = require(path.join(dir, 'settings.ts'));
const launch = require(path.join(dir, 'launcher.ts'));
if (launcher === 'sh alone') {
  const platform = launch.launcherCommand;
  launch.launcherCommand = () => {
    const command = platform();
    return command[0].endsWith('/bash') ? [command[3], '-c', command[4], 'slipway-launch'] : command;
  };
}
const fd = ${INHERITED_FD};
const child = new BubblewrapSandbox(DEFAULT_SANDBOX_SETTINGS).spawn({
  command: '/bin/sh',
  args: ['-c', 'cat /proc/self/fd/' + fd + '/key; [ -e /proc/$$/fd/' + fd + ' ] && echo OPEN; echo DONE'],
  dirs: { app, appWritable: false, home, tmp: home },
  env: { PATH: '/usr/bin:/bin' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
`;

const readProc = (pid: number, file: string) => {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
};

describe('launchScript', () => {
  it('quotes every value, so none is ever run, and refuses names that are no variable names', () => {
    const script = launchScript({ A: `$(touch x)'"\n\`id\`` }, 'cmd', ["it's"]);
    expect(script).toContain(`export A='$(touch x)'\\''"\n\`id\`'`);
    expect(script).toContain(`set -- 'cmd' 'it'\\''s'`);
    expect(() => launchScript({ 'A;B': '1' }, 'cmd', [])).toThrow(
      /cannot be passed/,
    );
  });
});

describeWithBubblewrap('the launcher', sandbox => {
  let root: string;
  let app: string;
  let home: string;
  let marker: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-launcher-'));
    app = path.join(root, 'app');
    home = path.join(root, 'home-of-the-app');
    marker = path.join(root, 'planted-program-ran');
    fs.mkdirSync(path.join(app, 'bin'), { recursive: true });
    fs.mkdirSync(home);
    // What an attacker plants where an app's PATH can point: on the host (its HOME) and in /app.
    for (const dir of [home, path.join(app, 'bin')]) {
      for (const name of ['bwrap', 'setpriv', 'sh', 'cat', 'env']) {
        fs.writeFileSync(
          path.join(dir, name),
          `#!/bin/sh\necho PLANTED ${name}\ntouch ${marker}\n`,
          { mode: 0o755 },
        );
      }
    }
    fs.chmodSync(root, 0o755);
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const dirs = () => ({ app, appWritable: false, home, tmp: home });

  it('runs its own bwrap, setpriv and sh, whatever PATH and LD_PRELOAD the app has', async () => {
    const run = runSandboxed(sandbox, {
      command: '/usr/bin/id',
      args: ['-u'],
      dirs: dirs(),
      env: {
        PATH: `${home}:/app/bin:/usr/bin:/bin`,
        LD_PRELOAD: path.join(home, 'evil.so'),
      },
    });
    const ended = await run.ended;
    expect(ended.output).not.toContain('PLANTED');
    expect(fs.existsSync(marker)).toBe(false);
    // The app's LD_PRELOAD reaches the app only (the loader says so), as the sandbox's user.
    expect(ended.output).toMatch(/^65534$/m);
    expect(ended.code).toBe(0);
  });

  it('gives the command exactly its environment, values taken literally', async () => {
    const tricky = `$(touch ${marker})'"\n\`touch ${marker}\`; x`;
    const ended = await runSandboxed(sandbox, {
      command: '/usr/bin/env',
      args: ['-0'],
      dirs: dirs(),
      env: { PATH: '/usr/bin:/bin', TRICKY: tricky, EMPTY: '' },
    }).ended;
    expect(ended.output.split('\0').filter(Boolean).sort()).toEqual([
      'EMPTY=',
      'PATH=/usr/bin:/bin',
      `TRICKY=${tricky}`,
    ]);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('puts the app environment in no command line and in no environment of the platform programs', async () => {
    const run = runSandboxed(sandbox, {
      command: '/bin/sh',
      args: ['-c', 'echo started; exec /usr/bin/sleep 60'],
      dirs: dirs(),
      env: { PATH: '/usr/bin:/bin', DATABASE_PASSWORD: SECRET },
    });
    try {
      await eventually(() => run.output().includes('started'));
      const members = groupMembers(run.child.pid!);
      expect(members.length).toBeGreaterThanOrEqual(3);
      for (const { pid } of members) {
        expect(readProc(pid, 'cmdline')).not.toContain(SECRET);
        expect(readProc(pid, 'cmdline')).not.toContain(root);
      }
      // bwrap and the sandbox's init (root): the launcher's environment only.
      for (const pid of [
        run.child.pid!,
        ...members.filter(m => m.ppid === run.child.pid).map(m => m.pid),
      ]) {
        expect(
          readProc(pid, 'environ').split('\0').filter(Boolean).sort(),
        ).toEqual(['LANG=C.UTF-8', 'PATH=/usr/bin:/bin']);
      }
      // The app itself has it.
      const sleeper = members.find(m =>
        readProc(m.pid, 'cmdline').startsWith('/usr/bin/sleep'),
      );
      expect(readProc(sleeper!.pid, 'environ')).toContain(SECRET);
    } finally {
      signalGroup(run.child.pid!, 'SIGKILL');
      await run.ended;
    }
  });

  it('shows no host path in /proc/1/cmdline, and HOME and /tmp are not host directories', async () => {
    const ended = await runSandboxed(sandbox, {
      command: '/bin/sh',
      args: ['-c', 'cat /proc/1/cmdline; echo; cat /proc/self/mountinfo'],
      dirs: { ...dirs(), privateHome: true },
      env: { PATH: '/usr/bin:/bin' },
    }).ended;
    expect(ended.code).toBe(0);
    const [cmdline, ...mountinfo] = ended.output.split('\n');
    expect(cmdline).toMatch(/bwrap/);
    expect(cmdline).not.toContain(root);
    // /app is a bind mount, whose source directory the kernel shows (README, Trust model).
    const hostPaths = mountinfo.filter(line => line.includes(root));
    expect(hostPaths.map(line => line.split(' ')[4])).toEqual(['/app']);
  });

  it('closes a descriptor the backend inherited, whatever its number (a host directory does not reach the app)', async () => {
    const secrets = path.join(root, 'secrets');
    fs.mkdirSync(secrets, { mode: 0o755 });
    fs.writeFileSync(path.join(secrets, 'key'), SECRET, { mode: 0o644 });
    const dir = fs.openSync(secrets, 'r');
    // A backend started with a descriptor open without close-on-exec (its service manager, a
    // wrapper script): node hands it on to every program it starts, bwrap included.
    const inside = async (launcher: 'platform' | 'sh alone') => {
      const backend = spawn(
        process.execPath,
        ['-e', INHERITING_BACKEND, __dirname, app, home, launcher],
        {
          stdio: [
            'ignore',
            'pipe',
            'pipe',
            ...Array(INHERITED_FD - 3).fill('ignore'),
            dir,
          ],
        },
      );
      let output = '';
      const collect = (chunk: Buffer) => {
        output += chunk;
      };
      backend.stdout!.on('data', collect);
      backend.stderr!.on('data', collect);
      await new Promise(resolve => backend.once('close', resolve));
      return output;
    };
    try {
      // What `sh` alone (dash: descriptors up to 9) would leave: the host directory, by its fd.
      expect(await inside('sh alone')).toContain(SECRET);
      const output = await inside('platform');
      expect(output).toContain('DONE');
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain('OPEN');
    } finally {
      fs.closeSync(dir);
    }
  });
});
