import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { createLocalBuildExecutor } from './executor';

/*
 * Pushed trees that try to make the backend (root, on the host) read or write outside them: links
 * as the Procfile, package.json, `.profile.d` and the static server's directory, links planted by
 * a build step, a FIFO, a tree over slipway.local.maxSourceBytes. The build fails with a message
 * that names the file and the problem; no secret reaches the message or the log; nothing outside
 * the tree is created or changed.
 */

jest.setTimeout(120_000);

const SECRET = `root-only-${Math.random().toString(36).slice(2)}`;

let root: string;
let dataDir: string;
let outside: string;
let secretFile: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-hostile-source-'));
  dataDir = path.join(root, 'data');
  outside = path.join(root, 'outside');
  await fs.mkdir(outside);
  secretFile = path.join(root, 'encryption.key');
  await fs.writeFile(secretFile, `${SECRET}\n`, { mode: 0o600 });
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function executor(local: JsonObject = {}) {
  return createLocalBuildExecutor({
    config: new ConfigReader({ slipway: { builder: 'local', local } }),
    logger: mockServices.logger.mock(),
    dataDir,
    platformDomain: 'localhost',
  });
}

type Entry = string | { link: string } | { sparse: number };

async function source(files: Record<string, Entry>): Promise<string> {
  const dir = path.join(root, 'src');
  for (const [file, entry] of Object.entries(files)) {
    const target = path.join(dir, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (typeof entry === 'string') await fs.writeFile(target, entry);
    else if ('link' in entry) await fs.symlink(entry.link, target);
    else {
      const handle = await fs.open(target, 'w');
      await handle.truncate(entry.sparse);
      await handle.close();
    }
  }
  return dir;
}

async function build(sourceDir: string, exec = executor()) {
  let log = '';
  const result = await exec
    .build({
      app: 'myapp',
      sourceDir,
      sha: 'a'.repeat(40),
      log: chunk => {
        log += chunk;
      },
    })
    .then(
      outcome => ({ outcome, error: undefined }),
      error => ({ outcome: undefined, error: error as Error }),
    );
  // Whatever happened, the secret is in neither the outcome, the error nor the log.
  expect(JSON.stringify(result.outcome ?? {})).not.toContain(SECRET);
  expect(result.error?.message ?? '').not.toContain(SECRET);
  expect(log).not.toContain(SECRET);
  return { ...result, log };
}

const node = (scripts: Record<string, string> = {}) =>
  JSON.stringify({
    name: 'app',
    version: '1.0.0',
    scripts: { start: 'node index.js', ...scripts },
  });

describe('the local builder and hostile pushed trees', () => {
  it('refuses a Procfile that is a link to a root-only file (absolute, relative or chained)', async () => {
    for (const link of [secretFile, '../encryption.key', 'chain']) {
      await fs.rm(path.join(root, 'src'), { recursive: true, force: true });
      const dir = await source({
        Procfile: { link },
        chain: { link: '../encryption.key' },
      });
      const { error } = await build(dir);
      expect(error?.message).toBe(
        `"Procfile" is a symbolic link: the platform only uses real files and directories of the app's tree`,
      );
    }
  });

  it('refuses a package.json that is a link, and tells where invalid JSON is without quoting it', async () => {
    const linked = await build(
      await source({ 'package.json': { link: secretFile } }),
    );
    expect(linked.error?.message).toMatch(/^"package.json" is a symbolic link/);
    await fs.rm(path.join(root, 'src'), { recursive: true });
    const invalid = await build(
      await source({ 'package.json': `{\n  "name": ${SECRET}\n}` }),
    );
    // The place where the JavaScript engine tells it (Node 18 does), never the text.
    expect(invalid.error?.message).toMatch(
      /^package\.json is not valid JSON( \(line 2, column \d+\))?$/,
    );
  });

  it('writes no .profile.d script outside the tree through a linked .profile.d or a linked script', async () => {
    const dirLink = await build(
      await source({
        'package.json': node(),
        'index.js': '',
        '.profile.d': { link: outside },
      }),
    );
    expect(dirLink.error?.message).toMatch(
      /^"\.profile\.d" is a symbolic link/,
    );
    expect(await fs.readdir(outside)).toEqual([]);

    await fs.rm(path.join(root, 'src'), { recursive: true });
    const fileLink = await build(
      await source({
        'package.json': node(),
        'index.js': '',
        '.profile.d/nodejs.sh': { link: secretFile },
      }),
    );
    expect(fileLink.error).toBeUndefined();
    expect(await fs.readFile(secretFile, 'utf8')).toBe(`${SECRET}\n`);
    const slug = path.join(
      dataDir,
      'slugs',
      fileLink.outcome!.image.replace('slug:', ''),
    );
    const script = path.join(slug, '.profile.d/nodejs.sh');
    expect((await fs.lstat(script)).isFile()).toBe(true);
  });

  it('writes nowhere outside through links or a FIFO a build step planted', async () => {
    const { error } = await build(
      await source({
        'package.json': node({
          // Runs in the sandbox; the links it makes are followed by no one on the host.
          build: `mkdir -p .profile.d && mkfifo .profile.d/nodejs.sh && ln -s ${outside} .slipway`,
        }),
        'index.js': '',
      }),
    );
    expect(error).toBeUndefined();
    expect(await fs.readdir(outside)).toEqual([]);

    await fs.rm(path.join(root, 'src'), { recursive: true });
    const planted = await build(
      await source({
        'package.json': node({ build: `ln -s ${outside} .profile.d` }),
        'index.js': '',
      }),
    );
    expect(planted.error?.message).toMatch(
      /^"\.profile\.d" is a symbolic link/,
    );
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it("writes the static site's server into the tree only", async () => {
    const { error } = await build(
      await source({
        'index.html': '<h1>hi</h1>',
        '.slipway': { link: outside },
      }),
    );
    expect(error?.message).toMatch(/^"\.slipway" is a symbolic link/);
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('refuses a tree over slipway.local.maxSourceBytes, counting a sparse file at its size', async () => {
    const { error } = await build(
      await source({
        Procfile: 'web: x',
        'zeros.bin': { sparse: 2 * 1024 * 1024 },
      }),
      executor({ maxSourceBytes: 1024 * 1024 }),
    );
    expect(error?.message).toBe(
      'the pushed source is too large: its files add up to more than the 1 MiB allowed (slipway.local.maxSourceBytes)',
    );
    expect(await fs.readdir(path.join(dataDir, 'slugs'))).toEqual([]);
  });
});
