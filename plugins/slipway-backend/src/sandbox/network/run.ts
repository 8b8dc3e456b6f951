import { spawn } from 'node:child_process';
import { PROGRAM_ENV } from './programs';

/** How long a setup program may take (pasta's setup takes milliseconds). */
const TIMEOUT_MS = 15_000;

/**
 * Runs a setup program by absolute path with `PROGRAM_ENV` only, feeding it `input` (and `fd3` as
 * its descriptor 3); resolves when it exits 0, rejects with what it said otherwise (killed after
 * `TIMEOUT_MS`).
 */
export function runProgram(
  file: string,
  args: string[],
  input = '',
  fd3?: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: { ...PROGRAM_ENV },
      cwd: '/',
      stdio: ['pipe', 'ignore', 'pipe', ...(fd3 === undefined ? [] : [fd3])],
      timeout: TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', chunk => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.stdin!.on('error', () => {}); // it may exit before reading
    child.stdin!.end(input);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) {
        resolve();
        return;
      }
      // pasta also tries syslog, which containers often lack.
      const said = stderr
        .split('\n')
        .filter(line => line.trim() && !/to syslog/.test(line))
        .join('; ');
      reject(
        new Error(
          `${file} failed (${
            signal ? `killed by ${signal}` : `exit code ${code}`
          })${said ? `: ${said}` : ''}`,
        ),
      );
    });
  });
}
