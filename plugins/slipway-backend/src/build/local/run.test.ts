import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  BubblewrapSandbox,
  Cgroups,
  DEFAULT_SANDBOX_SETTINGS,
} from '../../sandbox';
import { DEFAULT_LIMIT_SETTINGS } from '../../sandbox/limits';
import {
  describeWithBubblewrap,
  testSandbox,
} from '../../sandbox/__testUtils__/testSandbox';
import { runStep } from './run';

jest.setTimeout(60_000);

describe('runStep', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-step-'));
  });

  afterEach(async () => {
    await testSandbox.reclaim(dir);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('stops reading a step that prints a lot while the log is busy, and loses nothing', async () => {
    const total = 20 * 1024 * 1024;
    let received = 0;
    let release: () => void = () => {};
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    let first = true;
    let finished = false;
    const step = runStep({
      label: 'loud build',
      command: process.execPath,
      args: [
        '-e',
        `const line = 'y'.repeat(1023) + '\\n'; let left = ${total / 1024};
         const more = () => { while (left > 0) { left--; if (!process.stdout.write(line)) return process.stdout.once('drain', more); } };
         more();`,
      ],
      dirs: { app: dir, appWritable: true, home: dir, tmp: dir },
      env: { PATH: process.env.PATH! },
      // The first chunk finds the log busy (a client that does not read) until released.
      log: chunk => {
        received += Buffer.byteLength(chunk);
        if (first) {
          first = false;
          return held;
        }
        return undefined;
      },
      signal: new AbortController().signal,
      sandbox: testSandbox,
    }).then(() => {
      finished = true;
    });
    await new Promise(resolve => setTimeout(resolve, 1500));
    // Held at the first chunk: the step is blocked on its full pipe, not buffered by us.
    expect(received).toBeLessThanOrEqual(256 * 1024);
    expect(finished).toBe(false);
    release();
    await step;
    expect(received).toBe(total);
  });
});

describeWithBubblewrap('runStep limits', () => {
  const describeWithCgroups = new Cgroups().problem ? describe.skip : describe;

  describeWithCgroups('through cgroups', () => {
    it("gives a build step the build's limits: past its memory it fails, saying out of memory", async () => {
      const sandbox = new BubblewrapSandbox({
        ...DEFAULT_SANDBOX_SETTINGS,
        limits: {
          ...DEFAULT_LIMIT_SETTINGS,
          build: {
            ...DEFAULT_LIMIT_SETTINGS.build,
            memoryBytes: 64 * 1024 ** 2,
          },
        },
      });
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-step-'));
      try {
        await expect(
          runStep({
            label: 'npm ci',
            command: process.execPath,
            args: [
              '-e',
              'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1))',
            ],
            dirs: {
              app: dir,
              appWritable: true,
              home: dir,
              privateHome: true,
              tmp: dir,
            },
            env: { PATH: '/usr/bin:/bin' },
            log: () => undefined,
            signal: new AbortController().signal,
            sandbox,
            app: 'shop',
          }),
        ).rejects.toThrow(
          /npm ci failed: .*out of memory: killed at its memory limit/,
        );
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    });
  });
});
