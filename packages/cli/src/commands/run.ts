import { requireApp, type Args } from '../args';
import { lines, request } from '../client';
import type { Connection } from '../connection';
import { CliError } from '../errors';
import type { Io } from '../output';

/**
 * `slipway run -a <app> -- <command>`: runs a one-off command with the app's current release,
 * printing its output as it comes (the run endpoint's ndjson stream, api/runOutput.ts), and exits
 * with the command's exit code. With `--json`, one `{exitCode, output}` at the end.
 */
export async function run(
  args: Args,
  conn: Connection,
  io: Io,
): Promise<number> {
  const app = requireApp(args);
  const command = args.rest.join(' ');
  if (!command.trim()) throw new CliError('Give the command: -- <command>');
  const response = await request(conn, 'POST', `/apps/${app}/run`, {
    body: { command },
    accept: args.json ? 'application/json' : 'application/x-ndjson',
  });
  if (args.json) {
    const result = (await response.json()) as { exitCode: number };
    io.out(`${JSON.stringify(result)}\n`);
    return result.exitCode;
  }
  for await (const text of lines(response.body!)) {
    if (!text) continue;
    const message = JSON.parse(text) as {
      line?: string;
      exitCode?: number;
      error?: { message: string };
    };
    if (message.line !== undefined) io.out(`${message.line}\n`);
    else if (message.exitCode !== undefined) return message.exitCode;
    else if (message.error) throw new CliError(message.error.message);
  }
  throw new CliError('The run ended without an exit code');
}
