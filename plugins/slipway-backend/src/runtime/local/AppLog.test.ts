import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogLine } from '@slipway/plugin-slipway-common';
import { AppLog, lineSplitter, typeOfSource } from './AppLog';

describe('AppLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const collect = async (lines: AsyncIterable<LogLine>) => {
    const out: string[] = [];
    for await (const line of lines) out.push(`${line.source}: ${line.line}`);
    return out;
  };

  it('returns the last lines of a type, oldest first, and none for lines: 0', async () => {
    const log = new AppLog(dir, 100, 0);
    for (let i = 1; i <= 5; i++) {
      log.append('web.1', `w${i}`);
      log.append('worker.1', `k${i}`);
    }
    expect(await collect(log.read({ type: 'worker', lines: 2 }))).toEqual([
      'worker.1: k4',
      'worker.1: k5',
    ]);
    expect(await collect(log.read({ lines: 0 }))).toEqual([]);
    expect(await collect(log.read({}))).toHaveLength(10);
    await log.close();
  });

  it('keeps a bounded number of lines in memory', async () => {
    const log = new AppLog(dir, 10, 0);
    for (let i = 1; i <= 100; i++) log.append('web.1', `line ${i}`);
    const all = await collect(log.read({ lines: 1000 }));
    expect(all).toHaveLength(10);
    expect(all[9]).toBe('web.1: line 100');
    await log.close();
  });

  it('ends following readers when closed', async () => {
    const log = new AppLog(dir, 10, 0);
    const reading = collect(log.read({ follow: true, lines: 0 }));
    await new Promise(resolve => setImmediate(resolve));
    log.append('web.1', 'after');
    await new Promise(resolve => setImmediate(resolve));
    await log.close();
    expect(await reading).toEqual(['web.1: after']);
  });

  it('writes a file that a new instance reads back, rotating it when it grows', async () => {
    const log = new AppLog(dir, 50, 2000);
    for (let i = 1; i <= 100; i++)
      log.append('web.1', `entry ${i} ${'x'.repeat(40)}`);
    await log.close();
    expect(fs.existsSync(path.join(dir, 'current.log.1'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'current.log')).size).toBeLessThan(2200);
    const again = new AppLog(dir, 50, 2000);
    const replayed = await collect(again.read({ lines: 1 }));
    expect(replayed[0]).toMatch(/^web\.1: entry 100 x+$/);
    await again.close();
  });

  it('splits output into lines and knows the process type of a source', () => {
    const lines: string[] = [];
    const splitter = lineSplitter(line => lines.push(line));
    splitter.push('a\r\nb');
    splitter.push('c\nd');
    splitter.flush();
    expect(lines).toEqual(['a', 'bc', 'd']);
    expect(typeOfSource('web.12')).toBe('web');
    expect(typeOfSource('run.3')).toBe('run');
  });
});
