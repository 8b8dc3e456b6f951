import { spawn } from 'node:child_process';

export type GitOptions = {
  cwd: string;
  /** Extra environment, e.g. the commit identity or `GIT_CONFIG_*` entries. */
  env?: Record<string, string>;
  /** Called with every line git prints (stdout and stderr), as it prints it. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
};

/**
 * Runs the real `git` CLI isolated from the machine's and the user's git config
 * (no credential helpers, no prompts), and resolves with its stdout.
 * Rejects with the last lines git printed when it exits non-zero.
 */
export function runGit(args: string[], options: GitOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      signal: options.signal,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: options.cwd,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_ASKPASS: 'echo',
        LANG: 'C',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const tail: string[] = [];
    const lines = (chunkHandler?: (text: string) => void) => {
      let partial = '';
      return {
        push(chunk: Buffer) {
          const text = partial + chunk.toString('utf8');
          chunkHandler?.(chunk.toString('utf8'));
          // git rewrites progress lines with \r; each rewrite counts as a line.
          const parts = text.split(/\r\n|\r|\n/);
          partial = parts.pop() ?? '';
          parts.forEach(emit);
        },
        end() {
          if (partial) emit(partial);
          partial = '';
        },
      };
    };
    const emit = (raw: string) => {
      // git pads sideband ("remote:") lines with spaces to overwrite progress output.
      const line = raw.trimEnd();
      if (!line) return;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLine?.(line);
    };
    const out = lines(text => {
      stdout += text;
    });
    const err = lines();
    child.stdout.on('data', out.push);
    child.stderr.on('data', err.push);
    child.on('error', reject);
    child.on('close', code => {
      out.end();
      err.end();
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `git ${args[0]} failed (exit ${code})${
              tail.length ? `:\n${tail.join('\n')}` : ''
            }`,
          ),
        );
    });
  });
}
