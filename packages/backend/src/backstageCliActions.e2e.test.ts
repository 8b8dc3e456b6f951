import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  startDevelopmentBackend,
  type DevelopmentBackend,
} from './__testUtils__/developmentBackend';

jest.setTimeout(240_000);

const backstageCli = require.resolve('@backstage/cli/bin/backstage-cli');
const exec = promisify(execFile);
const slipwayCli = path.resolve(__dirname, '../../cli/bin/slipway');

/**
 * `backstage-cli auth login` (OAuth 2.0 + PKCE with the CLI's client metadata document, offline
 * access) and `backstage-cli actions execute slipway:…` against the development portal. The consent
 * step is the portal page's (`/oauth2/authorize/<session>`, @backstage/plugin-auth): here the test
 * makes the same call that page makes when the signed-in user clicks Allow, with that user's token,
 * instead of rendering the page in Chromium (the frontend is not served by the backend).
 */
describe('backstage-cli actions against the development portal', () => {
  let backend: DevelopmentBackend;
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    backend = await startDevelopmentBackend();
    // The CLI keeps its sign-in under HOME (no keychain here).
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-cli-home-'));
    env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
    };
  });
  afterAll(async () => {
    await backend?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  const cli = (args: string[]) =>
    exec(process.execPath, [backstageCli, ...args], { env }).catch(e => {
      throw new Error(`backstage-cli ${args.join(' ')}: ${e.stderr}`);
    });

  it('signs in with the CLI flow and reads and writes through slipway actions', async () => {
    const login = spawn(
      process.execPath,
      [
        backstageCli,
        'auth',
        'login',
        '--backend-url',
        backend.baseUrl,
        '--no-browser',
      ],
      { env },
    );
    let output = '';
    login.stdout.on('data', chunk => {
      output += chunk;
    });
    login.stderr.on('data', chunk => {
      output += chunk;
    });
    const finished = new Promise<number | null>(resolve =>
      login.once('exit', code => resolve(code)),
    );
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /Open this URL to continue: (\S+)/.exec(output);
        if (match) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 100);
      finished.then(code => {
        clearInterval(timer);
        reject(new Error(`login exited ${code}: ${output}`));
      });
    });
    expect(new URL(authorizeUrl).searchParams.get('scope')).toBe(
      'openid offline_access',
    );

    // The browser goes to the portal's consent page for this session…
    const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    const sessionId = /\/oauth2\/authorize\/([^/?]+)$/.exec(
      authorize.headers.get('location')!,
    )![1];
    const auth = { Authorization: `Bearer ${await backend.token('guest')}` };
    const session = await (
      await fetch(`${backend.baseUrl}/api/auth/v1/sessions/${sessionId}`, {
        headers: auth,
      })
    ).json();
    expect(session).toMatchObject({ clientName: 'Backstage CLI' });
    // …where guest allows it, and is sent back to the CLI's callback with a code.
    const approved = await fetch(
      `${backend.baseUrl}/api/auth/v1/sessions/${sessionId}/approve`,
      { method: 'POST', headers: auth },
    );
    expect(approved.status).toBe(200);
    const { redirectUrl } = await approved.json();
    await fetch(redirectUrl);
    expect(await finished).toBe(0);
    expect(output).toContain('Login successful');
    // Offline access: a refresh token was stored (no warning about its absence).
    expect(output).not.toContain('No refresh token');

    // A write: the app is created as guest, the same as through the REST API.
    const created = await cli([
      'actions',
      'execute',
      'slipway:create-app',
      '--name',
      'cli-actions',
    ]);
    expect(created.stdout).toContain('cli-actions');
    expect(
      (await backend.api('guest', 'GET', '/apps/cli-actions')).body,
    ).toMatchObject({ owner: 'user:development/guest' });

    // A read.
    const listed = await cli([
      'actions',
      'execute',
      'slipway:list-apps',
      '--q',
      'cli-act',
    ]);
    expect(listed.stdout).toContain('cli-actions');
    expect(listed.stdout).toContain('user:development/guest');

    // And the token the CLI holds is what `slipway` would use (auth print-token).
    const token = (await cli(['auth', 'print-token'])).stdout.trim();
    const me = await fetch(`${backend.baseUrl}/api/slipway/apps/cli-actions`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);

    // `slipway` finds the portal and its token from that sign-in…
    const apps = await exec(process.execPath, [slipwayCli, 'apps', '--json'], {
      env,
    });
    expect(JSON.parse(apps.stdout)).toEqual([
      expect.objectContaining({ name: 'cli-actions' }),
    ]);
    // …and never sends it to another portal.
    const elsewhere = await exec(
      process.execPath,
      [slipwayCli, 'apps', '--url', 'http://localhost:1'],
      { env },
    ).catch(e => e);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(
      /^slipway: Not signed in to http:\/\/localhost:1: /,
    );
  });
});
