import fs from 'node:fs';

/** What a hostile process tries from inside its sandbox (the paths are the host's). */
export type AttackTargets = {
  /** `<dataDir>/encryption.key` */
  keyFile: string;
  dataDir: string;
  /** Another app's slug directory. */
  otherSlug: string;
  /** Processes of another app (host pids) whose environment holds `otherSecret`. */
  otherPids: number[];
  otherSecret: string;
  /** A variable only the backend's environment holds. */
  backendSecret: string;
};

/**
 * A shell script that tries each escape and prints `ATTACK <name>=<done|refused|value>` lines.
 * Pushed code would do the same from a Procfile command or an npm script.
 */
export function attackScript(targets: AttackTargets): string {
  const q = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  // Something the backend's /proc/<pid>/environ really holds (variables set later are not in it).
  const backendEnviron = fs
    .readFileSync(`/proc/${process.pid}/environ`, 'utf8')
    .split('\0')
    .find(entry => /^[A-Z_]+=[^'\n]{4,}$/.test(entry))!;
  return `#!/bin/sh
say() { echo "ATTACK $1=$2"; }
try() { name=$1; shift; if "$@" >/dev/null 2>&1; then say "$name" done; else say "$name" refused; fi; }
say uid "$(id -u)"
say gid "$(id -g)"
try readKey cat ${q(targets.keyFile)}
try readShadow cat /etc/shadow
try listDataDir ls ${q(targets.dataDir)}
try listOtherSlug ls ${q(targets.otherSlug)}
try readBackendEnviron grep -qF ${q(backendEnviron)} /proc/${
    process.pid
  }/environ
found=refused
for f in /proc/[0-9]*/environ ${targets.otherPids
    .map(pid => `/proc/${pid}/environ`)
    .join(' ')}; do
  grep -q ${q(targets.otherSecret)} "$f" 2>/dev/null && found=done
done
say readOtherEnviron $found
try signalBackend kill -0 ${process.pid}
try writeUsr touch /usr/slipway-attack
try writeEtc touch /etc/slipway-attack
try writeDataDir touch ${q(`${targets.dataDir}/slipway-attack`)}
try writeApp touch /app/slipway-attack
try writeTmp touch /tmp/slipway-own-file
try writeHome touch "$HOME/slipway-own-file"
if env | grep -q ${q(
    targets.backendSecret,
  )}; then say backendEnv seen; else say backendEnv clean; fi
say processes "$(ls -d /proc/[0-9]* | wc -l)"
`;
}

/** The `ATTACK` lines of some output, as a map. */
export function attackResults(output: string): Record<string, string> {
  const results: Record<string, string> = {};
  for (const match of output.matchAll(/ATTACK (\w+)=(\S+)/g)) {
    results[match[1]] = match[2];
  }
  return results;
}

/** What every sandboxed process must get: refused everywhere but its own places. */
export function expectContained(
  results: Record<string, string>,
  options: { uid: number; appWritable: boolean },
) {
  expect(results).toEqual(
    expect.objectContaining({
      uid: String(options.uid),
      readKey: 'refused',
      readShadow: 'refused',
      listDataDir: 'refused',
      listOtherSlug: 'refused',
      readBackendEnviron: 'refused',
      readOtherEnviron: 'refused',
      signalBackend: 'refused',
      writeUsr: 'refused',
      writeEtc: 'refused',
      writeDataDir: 'refused',
      writeApp: options.appWritable ? 'done' : 'refused',
      writeTmp: 'done',
      writeHome: 'done',
      backendEnv: 'clean',
    }),
  );
  expect(results.uid).not.toBe('0');
  expect(results.uid).not.toBe(String(process.getuid!()));
  // Its own few processes (sh, the command, bwrap's init), not the machine's.
  expect(Number(results.processes)).toBeLessThan(10);
}

/** The real (host) uid of a process, from /proc. */
export function hostUid(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}
