import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeRelocatable } from './relocateVenv';

/*
 * The virtualenv's relocation runs on the host after pip ran the app's code in the sandbox: what
 * that code left (links as `.venv/bin`, `pyvenv.cfg`, a script or a RECORD) must not make the
 * backend read, change or remove files outside the build directory.
 */

const BUILT_AT = '/app/.venv';
const SHEBANG = `#!${BUILT_AT}/bin/python3\n`;

let root: string;
let build: string;
let outside: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-relocate-'));
  build = path.join(root, 'build');
  outside = path.join(root, 'outside');
  await fs.mkdir(outside);
  await fs.writeFile(path.join(outside, 'activate'), 'host file');
  await fs.writeFile(path.join(outside, 'script'), `${SHEBANG}print("host")\n`);
  await fs.writeFile(path.join(outside, 'config'), 'command = host\nkeep\n');
  await fs.mkdir(
    path.join(build, '.venv/lib/python3/site-packages/x.dist-info'),
    {
      recursive: true,
    },
  );
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const outsideFiles = async () =>
  Object.fromEntries(
    await Promise.all(
      (await fs.readdir(outside))
        .sort()
        .map(async name => [
          name,
          await fs.readFile(path.join(outside, name), 'utf8'),
        ]),
    ),
  );

it('rewrites the scripts of a real virtualenv and its RECORD', async () => {
  const venv = path.join(build, '.venv');
  await fs.mkdir(path.join(venv, 'bin'));
  await fs.writeFile(path.join(venv, 'bin/pip'), `${SHEBANG}import pip\n`);
  await fs.writeFile(path.join(venv, 'bin/activate'), 'x');
  await fs.writeFile(
    path.join(venv, 'pyvenv.cfg'),
    'home = /usr\ncommand = x\n',
  );
  await fs.writeFile(
    path.join(venv, 'lib/python3/site-packages/x.dist-info/RECORD'),
    '../../../bin/pip,sha256=old,1\n',
  );
  await makeRelocatable(build, BUILT_AT);
  expect(await fs.readFile(path.join(venv, 'bin/pip'), 'utf8')).toMatch(
    /^#!\/bin\/sh\n'''exec' "\$\(dirname -- "\$0"\)\/python"/,
  );
  await expect(fs.lstat(path.join(venv, 'bin/activate'))).rejects.toThrow();
  expect(await fs.readFile(path.join(venv, 'pyvenv.cfg'), 'utf8')).toBe(
    'home = /usr\n',
  );
  expect(
    await fs.readFile(
      path.join(venv, 'lib/python3/site-packages/x.dist-info/RECORD'),
      'utf8',
    ),
  ).toMatch(/^\.\.\/\.\.\/\.\.\/bin\/pip,sha256=[A-Za-z0-9_-]{43},\d+\n$/);
});

it('changes nothing outside through a linked bin directory', async () => {
  await fs.symlink(outside, path.join(build, '.venv/bin'));
  await expect(makeRelocatable(build, BUILT_AT)).rejects.toThrow(
    /^".venv\/bin" is a symbolic link/,
  );
  expect(await outsideFiles()).toEqual({
    activate: 'host file',
    config: 'command = host\nkeep\n',
    script: `${SHEBANG}print("host")\n`,
  });
});

it('changes nothing outside through linked scripts or a linked pyvenv.cfg', async () => {
  const venv = path.join(build, '.venv');
  await fs.mkdir(path.join(venv, 'bin'));
  await fs.symlink(
    path.join(outside, 'activate'),
    path.join(venv, 'bin/activate'),
  );
  await fs.symlink(path.join(outside, 'script'), path.join(venv, 'bin/tool'));
  await fs.symlink(path.join(outside, 'config'), path.join(venv, 'pyvenv.cfg'));
  await makeRelocatable(build, BUILT_AT).catch(() => undefined);
  expect(await outsideFiles()).toEqual({
    activate: 'host file',
    config: 'command = host\nkeep\n',
    script: `${SHEBANG}print("host")\n`,
  });
});
