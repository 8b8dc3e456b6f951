import { runGit } from './runGit';

/**
 * Pushes HEAD of `repo` to `main` of `remote`, authenticating with HTTP Basic.
 *
 * The credentials travel only in an `http.<remote>.extraHeader` entry passed through
 * git's GIT_CONFIG_* environment: never in the URL (which git prints and stores),
 * never on the command line (visible to other users in `ps`), never in a file.
 */
export async function pushWithToken(options: {
  repo: string;
  remote: string;
  username: string;
  token: string;
  onLine: (line: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const basic = Buffer.from(`${options.username}:${options.token}`).toString(
    'base64',
  );
  await runGit(['push', options.remote, 'HEAD:refs/heads/main'], {
    cwd: options.repo,
    signal: options.signal,
    onLine: options.onLine,
    env: {
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: `http.${options.remote}.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
      // Never hand the remote's 401 to a credential helper or prompt.
      GIT_CONFIG_KEY_1: 'credential.helper',
      GIT_CONFIG_VALUE_1: '',
    },
  });
}
