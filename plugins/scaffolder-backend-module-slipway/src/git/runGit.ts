import { spawn } from 'node:child_process';

export type GitOptions = {
  cwd: string;
  /** Extra environment, e.g. the commit identity or `GIT_CONFIG_*` entries. */
  env?: Record<string, string>;
  /** Called with every line git prints (stdout and stderr), as it prints it. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
};

/** Splits a stream of text chunks into lines; git rewrites progress lines with `\r`, so that ends a line too. */
function lineSplitter(emit: (line: string) => void) {
  let partial = '';
  return {
    write(chunk: Buffer) {
      const parts = (partial + chunk.toString('utf8')).split(/\r\n|\r|\n/);
      partial = parts.pop() ?? '';
      parts.forEach(emit);
    },
    end() {
      if (partial) emit(partial);
      partial = '';
    },
  };
}

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
      // A fresh environment: nothing of the backend's (e.g. GIT_TRACE_CURL, which prints
      // request headers) reaches git.
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
    const emit = (raw: string) => {
      // git pads sideband ("remote:") lines with spaces to overwrite progress output.
      const line = raw.trimEnd();
      if (!line) return;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLine?.(line);
    };
    const out = lineSplitter(emit);
    const err = lineSplitter(emit);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      out.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.write(chunk));
    child.on('error', reject);
    child.on('close', code => {
      out.end();
      err.end();
      if (code === 0) {
        resolve(stdout);
        return;
      }
      const said = tail.length ? `:\n${tail.join('\n')}` : '';
      reject(new Error(`git ${args[0]} failed (exit ${code})${said}`));
    });
  });
}
