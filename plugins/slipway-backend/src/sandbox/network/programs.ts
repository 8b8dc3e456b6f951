import fs from 'node:fs';
import path from 'node:path';

/** Where the network step's programs are looked up: system directories, never `PATH`. */
const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** The whole environment of the programs the network step runs (nothing of the app's or backend's). */
export const PROGRAM_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
  LANG: 'C.UTF-8',
};

/** The programs that give a sandbox its network, by absolute path (bash: health checks inside it). */
export type NetworkPrograms = {
  pasta: string;
  nsenter: string;
  ip: string;
  bash: string;
};

/** The programs, or what is missing (with the Debian package that has it). */
export function findNetworkPrograms(
  dirs = SYSTEM_DIRS,
): NetworkPrograms | { problem: string } {
  const find = (name: string) =>
    dirs
      .map(dir => path.join(dir, name))
      .find(file => {
        try {
          fs.accessSync(file, fs.constants.X_OK);
          return fs.statSync(file).isFile();
        } catch {
          return false;
        }
      });
  const pasta = find('pasta');
  const nsenter = find('nsenter');
  const ip = find('ip');
  const bash = find('bash');
  const missing = [
    ...(pasta ? [] : ['pasta (Debian/Ubuntu: apt-get install passt)']),
    ...(nsenter ? [] : ['nsenter (util-linux)']),
    ...(ip ? [] : ['ip (iproute2)']),
    ...(bash ? [] : ['bash']),
  ];
  if (missing.length > 0) {
    return {
      problem: `not installed in ${dirs.join(', ')}: ${missing.join(', ')}`,
    };
  }
  return { pasta: pasta!, nsenter: nsenter!, ip: ip!, bash: bash! };
}
