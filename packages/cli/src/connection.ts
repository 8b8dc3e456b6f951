import { CliAuth } from '@backstage/cli-node';
import { CliError } from './errors';

/** Where the portal's backend is and who the caller is there. */
export type Connection = { baseUrl: string; token: string };

/**
 * The portal from `--url` or `SLIPWAY_URL` (the backend base URL), and the token from
 * `SLIPWAY_TOKEN` or the Backstage CLI's sign-in (`backstage-cli auth login`; the same store and
 * refresh as `backstage-cli auth print-token`). A stored sign-in is used only for its own portal:
 * a token is never sent to another.
 */
export async function connect(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Connection> {
  const given = normalize(url ?? env.SLIPWAY_URL);
  if (env.SLIPWAY_TOKEN) {
    if (!given) {
      throw new CliError(
        'No portal: give --url or set SLIPWAY_URL (the backend base URL)',
      );
    }
    return { baseUrl: given, token: env.SLIPWAY_TOKEN };
  }
  let auth: CliAuth;
  try {
    auth = await CliAuth.create(
      given ? { instanceName: new URL(given).host } : undefined,
    );
  } catch {
    throw new CliError(
      `Not signed in${
        given ? ` to ${given}` : ''
      }: run \`backstage-cli auth login --backend-url ${
        given ?? '<backend base URL>'
      }\` or set SLIPWAY_TOKEN`,
    );
  }
  const baseUrl = normalize(auth.getBaseUrl())!;
  if (given && given !== baseUrl) {
    throw new CliError(
      `Signed in to ${baseUrl}, not ${given}: run \`backstage-cli auth login --backend-url ${given}\``,
    );
  }
  try {
    return { baseUrl, token: await auth.getAccessToken() };
  } catch (error) {
    throw new CliError(
      `Could not refresh the sign-in to ${baseUrl} (${
        (error as Error).message
      }): run \`backstage-cli auth login\` again`,
    );
  }
}

function normalize(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).toString().replace(/\/+$/, '');
  } catch {
    throw new CliError(`"${url}" is not a URL`);
  }
}
