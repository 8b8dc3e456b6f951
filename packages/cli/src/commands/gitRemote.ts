import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireApp, type Args } from '../args';
import { requestJson } from '../client';
import type { Connection } from '../connection';
import { CliError } from '../errors';
import type { Io } from '../output';

const git = promisify(execFile);

/**
 * `slipway git:remote -a <app> [-r <name>]`: adds (or updates) the git remote `slipway` of the
 * repository here, with a fresh deploy token of the app as its password, so `git push slipway main`
 * deploys. The token is kept out of .git/config (readable by every local user) and out of every
 * git argv (/proc/<pid>/cmdline is too): git's own credential store holds it in a file only the
 * user may read (`.git/slipway-credentials`, mode 0600), given to it on stdin, and the remote's URL
 * names that store for itself only (useHttpPath: each app has its own token).
 */
export async function gitRemote(
  args: Args,
  conn: Connection,
  io: Io,
): Promise<number> {
  const app = requireApp(args);
  const name = args.remote ?? 'slipway';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new CliError(`"${name}" is not a remote name`);
  }
  let gitDir: string;
  try {
    gitDir = (
      await git('git', ['rev-parse', '--absolute-git-dir'])
    ).stdout.trim();
  } catch {
    throw new CliError('Not in a git repository: run `git init` first');
  }
  const { gitRemote: remote } = await requestJson<{ gitRemote: string }>(
    conn,
    'GET',
    `/apps/${app}`,
  );
  const { token } = await requestJson<{ token: string }>(
    conn,
    'POST',
    `/apps/${app}/tokens`,
    { description: `slipway git:remote (${name})` },
  );
  const url = new URL(remote);
  url.username = 'slipway';
  const store = path.join(gitDir, 'slipway-credentials');
  // credential-store creates the file with mode 0600 and replaces this URL's earlier token.
  await gitWithInput(
    ['credential-store', `--file=${store}`, 'store'],
    [
      `protocol=${url.protocol.replace(/:$/, '')}`,
      `host=${url.host}`,
      `path=${url.pathname.replace(/^\//, '')}`,
      'username=slipway',
      `password=${token}`,
      '',
      '',
    ].join('\n'),
  );
  const existing = await git('git', ['remote']).then(r => r.stdout.split('\n'));
  await git('git', [
    'remote',
    existing.includes(name) ? 'set-url' : 'add',
    name,
    url.toString(),
  ]);
  const scope = `credential.${url.toString()}`;
  // git runs a helper through the shell: the store's path is quoted for it.
  const quoted = `'${store.replace(/'/g, `'\\''`)}'`;
  await git('git', [
    'config',
    '--replace-all',
    `${scope}.helper`,
    `store --file=${quoted}`,
  ]);
  await git('git', ['config', '--replace-all', `${scope}.useHttpPath`, 'true']);
  io.out(
    args.json
      ? `${JSON.stringify({ remote: name, url: remote })}\n`
      : `set git remote ${name} to ${remote}\n`,
  );
  return 0;
}

/** Runs git with `input` on its stdin (never in its argv). */
function gitWithInput(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, error =>
      error ? reject(error) : resolve(),
    );
    child.stdin?.end(input);
  });
}
