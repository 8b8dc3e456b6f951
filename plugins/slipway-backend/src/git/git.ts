import { spawn } from 'node:child_process';

/**
 * The environment of every git process the remote runs: no system or user git config (so the
 * machine's settings cannot change what the remote does), no prompts.
 */
export function gitEnvironment(
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** Git settings passed through the environment (GIT_CONFIG_COUNT/KEY/VALUE), never through a shell. */
export function gitConfigEnvironment(
  settings: Record<string, string>,
): NodeJS.ProcessEnv {
  const entries = Object.entries(settings);
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/** Runs git with arguments (no shell); resolves with stdout, rejects with stderr on failure. */
export function git(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env ?? gitEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', d => (stdout += d));
    child.stderr.on('data', d => (stderr += d));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(stdout);
      else
        reject(
          new Error(
            `git ${args[0]} failed: ${stderr.trim() || `exit code ${code}`}`,
          ),
        );
    });
  });
}
