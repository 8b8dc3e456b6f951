import { parseArgs } from './args';
import { apps } from './commands/apps';
import { gitRemote } from './commands/gitRemote';
import { logs } from './commands/logs';
import { open } from './commands/open';
import { run } from './commands/run';
import { connect } from './connection';
import { CliError } from './errors';
import { processIo, type Io } from './output';

const USAGE = `Usage: slipway <command> -a <app> [options]

Commands:
  apps                        list the apps you may read
  logs -a <app> [-n N] [-t]   recent log lines; --tail follows the live stream (Ctrl-C ends)
  run -a <app> -- <command>   run a one-off command; exits with its exit code
  git:remote -a <app> [-r R]  add the git remote (default "slipway") with a fresh deploy token
  open -a <app>               open the app in the browser

Options:
  --url <url>   the portal's backend base URL (default $SLIPWAY_URL, else your backstage-cli sign-in)
  --json        JSON instead of text
Token: $SLIPWAY_TOKEN, else \`backstage-cli auth login --backend-url <url>\`.
`;

/** Runs the command line; resolves to the exit code. Every failure is one line on stderr. */
export async function main(
  argv: string[],
  io: Io = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.help || !args.command || args.command === 'help') {
      io.out(USAGE);
      return args.command || args.help ? 0 : 1;
    }
    const command = {
      apps,
      logs,
      run,
      'git:remote': gitRemote,
      open: (a: typeof args, c: Parameters<typeof apps>[1], o: Io) =>
        open(a, c, o, env),
    }[args.command];
    if (!command) {
      throw new CliError(
        `Unknown command "${args.command}" (try: slipway help)`,
      );
    }
    const conn = await connect(args.url, env);
    return await command(args, conn, io);
  } catch (error) {
    const message =
      error instanceof CliError
        ? error.message
        : `${(error as Error).message ?? error}`.split('\n')[0];
    io.err(`slipway: ${message}\n`);
    return 1;
  }
}
