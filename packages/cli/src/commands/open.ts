import { spawn } from 'node:child_process';
import { requireApp, type Args } from '../args';
import { requestJson } from '../client';
import type { Connection } from '../connection';
import type { Io } from '../output';

const OPENERS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'open',
  win32: 'explorer',
};

/** `slipway open -a <app>`: opens the app's URL in the browser (and prints it). */
export async function open(
  args: Args,
  conn: Connection,
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const app = requireApp(args);
  const { url } = await requestJson<{ url: string }>(
    conn,
    'GET',
    `/apps/${app}`,
  );
  io.out(args.json ? `${JSON.stringify({ url })}\n` : `Opening ${url}\n`);
  // $BROWSER as with git and many CLIs; "none" (tests, servers) only prints it.
  const opener = env.BROWSER ?? OPENERS[process.platform] ?? 'xdg-open';
  if (opener !== 'none') {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => io.err(`Could not start ${opener}: open ${url}\n`));
    child.unref();
  }
  return 0;
}
