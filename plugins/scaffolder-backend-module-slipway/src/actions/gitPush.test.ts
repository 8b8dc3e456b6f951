import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  actionContext,
  checkpointStore,
  ON_BEHALF_OF_USER,
  useFakeSlipwayApi,
} from '../__testUtils__/actionTestKit';
import { startGitHttpServer } from '../__testUtils__/gitHttpServer';
import { createSlipwayGitPushAction } from './gitPush';

jest.setTimeout(60_000);

describe('slipway:git:push', () => {
  const kit = useFakeSlipwayApi();
  let dir: string;
  let workspace: string;
  let git: Awaited<ReturnType<typeof startGitHttpServer>>;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-git-push-test-'));
    workspace = path.join(dir, 'workspace');
    await fs.mkdir(path.join(workspace, 'app', 'public'), { recursive: true });
    await fs.writeFile(
      path.join(workspace, 'app', 'Procfile'),
      'web: node server.js\n',
    );
    await fs.writeFile(
      path.join(workspace, 'app', 'server.js'),
      'console.log("hi");\n',
    );
    await fs.writeFile(
      path.join(workspace, 'app', 'public', 'index.html'),
      '<h1>shop</h1>\n',
    );
    await fs.writeFile(
      path.join(workspace, 'notes.txt'),
      'outside the pushed folder\n',
    );
    await fs.mkdir(path.join(dir, 'repos'));

    const api = kit.api;
    git = await startGitHttpServer({
      root: path.join(dir, 'repos'),
      authorize: (app, id, secret) => api.tokenValid(app, id, secret),
      onPush: (app, sha) => api.recordPush(app, sha),
    });
    api.gitBase = git.base;
    // The action pushes to the backend's internal URL, from discovery.
    const slipwayBase = git.base.replace(/\/git$/, '');
    kit.options.discovery = {
      getBaseUrl: async () => slipwayBase,
      getExternalBaseUrl: async () => slipwayBase,
    };
    api.pendingReads = 2;
    api.addApp('shop');
    await git.createRepo('shop');
  });

  afterEach(async () => {
    await git.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const action = () => createSlipwayGitPushAction(kit.options);
  const pushedFiles = (ref = 'main') =>
    execFileSync('git', ['ls-tree', '-r', '--name-only', ref], {
      cwd: path.join(dir, 'repos', 'shop.git'),
    })
      .toString()
      .trim()
      .split('\n');
  const show = (file: string) =>
    execFileSync('git', ['show', `main:${file}`], {
      cwd: path.join(dir, 'repos', 'shop.git'),
    }).toString();

  it('pushes the folder to the app’s remote, streams the build output and outputs the release', async () => {
    const { ctx, outputs, logLines } = actionContext(
      { app: 'shop', path: 'app' },
      { workspacePath: workspace },
    );
    await action().handler(ctx);

    expect(pushedFiles()).toEqual([
      'Procfile',
      'public/index.html',
      'server.js',
    ]);
    expect(show('public/index.html')).toBe('<h1>shop</h1>\n');
    const sha = execFileSync('git', ['rev-parse', 'main'], {
      cwd: path.join(dir, 'repos', 'shop.git'),
    })
      .toString()
      .trim();
    expect(outputs).toEqual({ version: 2, sha });
    expect(kit.api.releases.get('shop')![0]).toMatchObject({
      version: 2,
      status: 'succeeded',
    });

    const log = logLines();
    expect(log).toContain('remote: -----> Building shop');
    expect(log).toContain('remote: -----> Build succeeded');
    expect(log).toContain(`Released shop v2 (${sha.slice(0, 7)})`);
  });

  it('commits as the user', async () => {
    const { ctx } = actionContext(
      { app: 'shop', path: 'app' },
      { workspacePath: workspace },
    );
    ctx.user = {
      ref: 'user:default/jane',
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane' },
        spec: {
          profile: { displayName: 'Jane Doe', email: 'jane@example.com' },
        },
      },
    };
    await action().handler(ctx);
    const author = execFileSync(
      'git',
      ['log', '-1', '--format=%an <%ae>|%cn <%ce>', 'main'],
      {
        cwd: path.join(dir, 'repos', 'shop.git'),
      },
    ).toString();
    expect(author.trim()).toBe(
      'Jane Doe <jane@example.com>|Jane Doe <jane@example.com>',
    );
  });

  it('authenticates with a short-lived deploy token in a header only, never in a URL or the log, and revokes it', async () => {
    const { ctx, logLines } = actionContext(
      { app: 'shop' },
      { workspacePath: workspace },
    );
    await action().handler(ctx);

    expect(pushedFiles()).toContain('notes.txt');
    const [token] = [...kit.api.tokens.values()];
    expect(token).toMatchObject({
      app: 'shop',
      revoked: true,
      description: 'scaffolder task mock-task-id',
    });
    const basic = Buffer.from(`${token.id}:${token.secret}`).toString('base64');

    const authorized = git.requests.filter(
      r => r.headers.authorization === `Basic ${basic}`,
    );
    expect(authorized.length).toBeGreaterThan(0);
    expect(git.requests.every(r => !r.url.includes(token.secret))).toBe(true);
    const log = logLines().join('\n');
    expect(log).not.toContain(token.secret);
    expect(log).not.toContain(basic);
    // Every API call (app, token, releases) was made on behalf of the user.
    expect(
      kit.api.requests.every(r => r.authorization === ON_BEHALF_OF_USER),
    ).toBe(true);
  });

  it('fails with git’s answer when the remote refuses, and still revokes the token', async () => {
    const real = kit.api.tokenValid.bind(kit.api);
    kit.api.tokenValid = () => false;
    const { ctx } = actionContext(
      { app: 'shop' },
      { workspacePath: workspace },
    );
    await expect(action().handler(ctx)).rejects.toThrow(/git push failed/);
    kit.api.tokenValid = real;
    expect([...kit.api.tokens.values()].every(t => t.revoked)).toBe(true);
    expect(kit.api.releases.get('shop')).toHaveLength(1);
  });

  it('pushes once when the step is retried', async () => {
    const checkpoints = checkpointStore();
    const input = { app: 'shop', path: 'app' };
    const first = actionContext(input, {
      checkpoints,
      workspacePath: workspace,
    });
    await action().handler(first.ctx);
    const retry = actionContext(input, {
      checkpoints,
      workspacePath: workspace,
    });
    await action().handler(retry.ctx);

    expect(kit.api.tokens.size).toBe(1);
    expect(kit.api.releases.get('shop')).toHaveLength(2);
    expect(retry.outputs).toEqual(first.outputs);
  });

  it('changes nothing on a dry run, and lists what it would push', async () => {
    const { ctx, logLines } = actionContext(
      { app: 'shop', path: 'app' },
      { isDryRun: true, workspacePath: workspace },
    );
    await action().handler(ctx);
    expect(kit.api.requests).toEqual([]);
    expect(git.requests).toEqual([]);
    expect(logLines().join('\n')).toContain(
      'would push 3 files to shop (main): Procfile, public/index.html, server.js',
    );
  });

  it('refuses an empty folder, or a path outside the workspace', async () => {
    await fs.mkdir(path.join(workspace, 'empty'));
    await expect(
      action().handler(
        actionContext(
          { app: 'shop', path: 'empty' },
          { workspacePath: workspace },
        ).ctx,
      ),
    ).rejects.toThrow('There are no files to push in empty');
    await expect(
      action().handler(
        actionContext(
          { app: 'shop', path: '../..' },
          { workspacePath: workspace },
        ).ctx,
      ),
    ).rejects.toThrow(/outside/);
    expect(kit.api.requests).toEqual([]);
  });

  it('fails with the API’s message for an unknown app', async () => {
    const { ctx } = actionContext(
      { app: 'ghost' },
      { workspacePath: workspace },
    );
    await expect(action().handler(ctx)).rejects.toThrow(
      'App "ghost" not found',
    );
    expect(kit.api.tokens.size).toBe(0);
  });
});
