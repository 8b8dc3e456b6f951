import os from 'node:os';
import { ConfigReader } from '@backstage/config';
import { cpuCores, memoryBytes } from './quantities';
import { DEFAULT_LIMIT_SETTINGS, readLimitSettings } from './settings';

const read = (limits: object) =>
  readLimitSettings(new ConfigReader({ slipway: { local: { limits } } }));

describe('slipway.local.limits', () => {
  it('has defaults for processes and bigger ones for builds', () => {
    expect(read({})).toEqual(DEFAULT_LIMIT_SETTINGS);
    expect(DEFAULT_LIMIT_SETTINGS.memoryBytes).toBe(512 * 1024 ** 2);
    expect(DEFAULT_LIMIT_SETTINGS.pids).toBe(256);
    expect(DEFAULT_LIMIT_SETTINGS.build.memoryBytes).toBeGreaterThan(
      DEFAULT_LIMIT_SETTINGS.memoryBytes,
    );
  });

  it('reads sizes as quantities and refuses what makes no sense', () => {
    const settings = read({
      defaultMemory: '1Gi',
      pids: 100,
      tmpSize: '64Mi',
      build: { homeSize: '2Gi' },
    });
    expect(settings).toEqual(
      expect.objectContaining({
        memoryBytes: 1024 ** 3,
        pids: 100,
        tmpBytes: 64 * 1024 ** 2,
      }),
    );
    expect(settings.build.homeBytes).toBe(2 * 1024 ** 3);
    expect(() => read({ defaultMemory: 'lots' })).toThrow(
      /slipway.local.limits.defaultMemory must be a size/,
    );
    expect(() => read({ pids: 2 })).toThrow(/pids must be a whole number/);
  });

  it('has ceilings and totals (red team H1), read from the config', () => {
    expect(DEFAULT_LIMIT_SETTINGS).toEqual(
      expect.objectContaining({
        maxMemoryBytes: 2 * 1024 ** 3,
        maxCpuCores: 2,
        defaultCpuCores: 1,
        totalPids: 16384,
      }),
    );
    expect(DEFAULT_LIMIT_SETTINGS.totalMemoryBytes).toBeLessThan(os.totalmem());
    const settings = read({
      maxMemory: '4Gi',
      maxCpu: 4,
      defaultCpu: '500m',
      totalMemory: '8Gi',
      totalPids: 4096,
    });
    expect(settings).toEqual(
      expect.objectContaining({
        maxMemoryBytes: 4 * 1024 ** 3,
        maxCpuCores: 4,
        defaultCpuCores: 0.5,
        totalMemoryBytes: 8 * 1024 ** 3,
        totalPids: 4096,
      }),
    );
    expect(() => read({ maxCpu: 'lots' })).toThrow(/maxCpu must be a CPU/);
    expect(() => read({ totalPids: 3 })).toThrow(/totalPids must be/);
  });

  it('converts Kubernetes quantities', () => {
    expect(memoryBytes('512Mi')).toBe(512 * 1024 ** 2);
    expect(memoryBytes('1G')).toBe(1e9);
    expect(memoryBytes('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(memoryBytes('x')).toBeUndefined();
    expect(cpuCores('500m')).toBe(0.5);
    expect(cpuCores('2')).toBe(2);
    expect(cpuCores('two')).toBeUndefined();
  });
});
