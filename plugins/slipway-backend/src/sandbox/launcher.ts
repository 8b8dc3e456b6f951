import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the platform's own programs (bwrap, setpriv, the launcher's shell, cat) are looked up: fixed
 * system directories, never `PATH` (an app's config could point it at a planted `bwrap`).
 */
export const TRUSTED_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/**
 * The whole environment of every program the platform runs to set a sandbox up. The app's
 * environment is not in it: it reaches the app only, through the launcher below.
 */
export const LAUNCHER_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/bin:/bin',
  LANG: 'C.UTF-8',
};

const resolved = new Map<string, string | undefined>();

/** The absolute path of a system program, found once per backend in `TRUSTED_DIRS`; undefined when missing. */
export function trustedProgram(name: string): string | undefined {
  if (name.includes('/')) return name; // already a path the platform chose
  if (!resolved.has(name)) {
    const found = TRUSTED_DIRS.map(dir => path.join(dir, name)).find(file => {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    });
    resolved.set(name, found);
  }
  return resolved.get(name);
}

/** Like `trustedProgram`, for programs the platform cannot do without. */
export function requiredProgram(name: string): string {
  const found = trustedProgram(name);
  if (!found) {
    throw new Error(`"${name}" is not installed in ${TRUSTED_DIRS.join(', ')}`);
  }
  return found;
}

/**
 * Open files per sandboxed process (RLIMIT_NOFILE, soft and hard), set by the launcher: the
 * backend's own limit (often 1M as root) would otherwise pass to every app.
 */
export const OPEN_FILES = 4096;

/** The file descriptor the launcher reads the app's environment and command from. */
export const LAUNCH_FD = 3;

/**
 * Closes every descriptor but stdio and the launch pipe, whatever its number: one the backend
 * inherited without close-on-exec (from its service manager, a wrapper script) passes through
 * bwrap to whatever runs in the sandbox, and a directory's reaches the host's files from there.
 * `sh` (dash) cannot name a descriptor above 9, so this part runs in bash, and then execs the
 * `sh` launcher (`$0 -c $1`): bash's own `exec` would add `SHLVL` to the app's environment.
 */
const CLOSE_INHERITED = `for f in /proc/self/fd/*; do f=\${f##*/}; case $f in 0|1|2|${LAUNCH_FD}) ;; *) exec {f}>&- ;; esac; done; exec "$0" -c "$1" slipway-launch`;

/**
 * The launcher: a fixed `sh` script, run as the app's user (after `setpriv`), that reads the
 * app's environment and command from fd 3 (a pipe from the backend), closes every extra fd
 * and execs the command. It starts with `LAUNCHER_ENV` and leaves none of it behind: the
 * command gets exactly the app's environment. Nothing of the app's environment or command is
 * ever on a command line the platform starts (`ps` shows command lines to every user).
 * Where bash is installed, it closes inherited descriptors first (`CLOSE_INHERITED`); `sh`
 * alone closes 3 to 9 only.
 */
export function launcherCommand(): string[] {
  const sh = requiredProgram('sh');
  const script = `ulimit -n ${OPEN_FILES} 2>/dev/null; eval "$(${requiredProgram(
    'cat',
  )} <&${LAUNCH_FD})" || exit 126; exec 3<&- 4<&- 5<&- 6<&- 7<&- 8<&- 9<&-; exec "$@"`;
  const bash = trustedProgram('bash');
  return bash
    ? [bash, '-c', CLOSE_INHERITED, sh, script]
    : [sh, '-c', script, 'slipway-launch'];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Single-quoted for `sh`: nothing inside is interpreted. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * What the launcher evaluates: unset what it started with, export the app's environment, set
 * the command as its arguments. Every value is quoted, so no value is ever run. Names must be
 * variable names (the config API allows no others).
 */
export function launchScript(
  env: Record<string, string | undefined>,
  command: string,
  args: string[],
): string {
  // SHLVL: bash (`CLOSE_INHERITED`) exports it to the `sh` launcher.
  const lines = [
    `unset ${Object.keys(LAUNCHER_ENV).join(' ')} PWD OLDPWD SHLVL`,
  ];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (!NAME.test(name)) {
      throw new Error(
        `The environment variable name "${name.slice(
          0,
          40,
        )}" cannot be passed to a sandboxed process`,
      );
    }
    lines.push(`export ${name}=${quote(value)}`);
  }
  lines.push(`set -- ${[command, ...args].map(quote).join(' ')}`);
  return `${lines.join('\n')}\n`;
}
