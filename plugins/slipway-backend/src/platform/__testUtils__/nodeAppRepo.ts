import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Writes a one-file Node app (`server.js` with the given source, started by `npm start`) into `dir`, commits it
 * with the real git client as Jane, and returns the commit and a `git` runner for that checkout (isolated from the
 * machine's and the user's git settings). `build`, when given, is a script the build runs (`npm run build`).
 */
export async function commitNodeApp(
  dir: string,
  serverSource: string,
  build?: string,
) {
  fs.writeFileSync(path.join(dir, 'server.js'), serverSource);
  if (build) fs.writeFileSync(path.join(dir, 'build.js'), build);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'shop',
      private: true,
      scripts: {
        ...(build ? { build: 'node build.js' } : {}),
        start: 'node server.js',
      },
    }),
  );
  const git = (...args: string[]) =>
    run('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: dir,
      },
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git(
    '-c',
    'user.email=jane@example.com',
    '-c',
    'user.name=Jane',
    'commit',
    '-qm',
    'first',
  );
  const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
  return { git, sha };
}
