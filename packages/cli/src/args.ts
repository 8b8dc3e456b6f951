import { CliError } from './errors';

/** The command line, Heroku-style: `slipway <command> [-a <app>] [flags] [-- <command to run>]`. */
export type Args = {
  command?: string;
  app?: string;
  url?: string;
  json: boolean;
  tail: boolean;
  num?: number;
  remote?: string;
  help: boolean;
  /** What follows `--` (or the first word after `run`): the command to run. */
  rest: string[];
};

const VALUE_FLAGS: Record<string, 'app' | 'url' | 'num' | 'remote'> = {
  '-a': 'app',
  '--app': 'app',
  '--url': 'url',
  '-n': 'num',
  '--num': 'num',
  '-r': 'remote',
  '--remote': 'remote',
};

export function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, tail: false, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      args.rest = argv.slice(i + 1);
      break;
    }
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s) : [arg];
    if (flag in VALUE_FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') {
        throw new CliError(`${flag} needs a value`);
      }
      const key = VALUE_FLAGS[flag];
      if (key === 'num') {
        if (!/^[1-9][0-9]{0,4}$/.test(value)) {
          throw new CliError(`${flag} must be a whole number from 1 to 10000`);
        }
        args.num = Number(value);
      } else {
        args[key] = value;
      }
    } else if (arg === '--json') args.json = true;
    else if (arg === '-t' || arg === '--tail') args.tail = true;
    else if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg.startsWith('-') && arg !== '-') {
      throw new CliError(`Unknown option ${arg}`);
    } else if (!args.command) args.command = arg;
    else if (args.command === 'run') {
      // `slipway run -a app echo hi`, as with heroku: the rest is the command.
      args.rest = argv.slice(i);
      break;
    } else throw new CliError(`Unexpected argument ${arg}`);
  }
  return args;
}

/** The app every command but `apps` works on. */
export function requireApp(args: Args): string {
  if (!args.app) throw new CliError('Give the app: -a <app>');
  if (!/^[a-z][a-z0-9-]{1,28}[a-z0-9]$/.test(args.app)) {
    throw new CliError(`"${args.app}" is not an app name`);
  }
  return args.app;
}
