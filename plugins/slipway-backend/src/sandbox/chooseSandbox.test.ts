import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { chooseSandbox } from './chooseSandbox';
import { DEFAULT_SANDBOX_SETTINGS, readSandboxSettings } from './settings';
import { describeWithBubblewrap } from './__testUtils__/testSandbox';
import { Cgroups, DEFAULT_LIMIT_SETTINGS } from './limits';

describe('chooseSandbox', () => {
  it('runs unsandboxed, with a loud warning, where bwrap is missing', () => {
    const logger = mockServices.logger.mock();
    const sandbox = chooseSandbox(
      DEFAULT_SANDBOX_SETTINGS,
      logger,
      '/nonexistent/bwrap',
    );
    expect(sandbox.kind).toBe('none');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^WARNING: pushed code is NOT sandboxed \("\/nonexistent\/bwrap" is not installed.*\): builds and app processes run as the backend's user/,
      ),
    );
  });

  it('refuses to start without bwrap when slipway.local.sandbox.required is set', () => {
    expect(() =>
      chooseSandbox(
        { ...DEFAULT_SANDBOX_SETTINGS, required: true },
        mockServices.logger.mock(),
        '/nonexistent/bwrap',
      ),
    ).toThrow(/slipway.local.sandbox.required is set, but bubblewrap cannot/);
  });

  it('reads uid and gid, and refuses root', () => {
    // Apps call the builtin router's ports, forwarded to its ports for apps (+10).
    const ROUTER_PORTS = [
      { port: 8080, hostPort: 8090 },
      { port: 8443, hostPort: 8453 },
    ];
    const read = (sandbox: object) =>
      readSandboxSettings(
        new ConfigReader({ slipway: { local: { sandbox } } }),
      );
    expect(read({})).toEqual({
      uid: 65534,
      gid: 65534,
      required: false,
      routerPorts: ROUTER_PORTS,
      limits: DEFAULT_LIMIT_SETTINGS,
    });
    expect(read({ uid: 2000, gid: 3000, required: true })).toEqual({
      uid: 2000,
      gid: 3000,
      required: true,
      routerPorts: ROUTER_PORTS,
      limits: DEFAULT_LIMIT_SETTINGS,
    });
    expect(() => read({ uid: 0 })).toThrow(/sandbox.uid must be/);
    expect(() => read({ gid: -1 })).toThrow(/sandbox.gid must be/);
  });
});

describeWithBubblewrap('chooseSandbox on a machine with bubblewrap', () => {
  it('chooses bubblewrap', () => {
    const sandbox = chooseSandbox(
      DEFAULT_SANDBOX_SETTINGS,
      mockServices.logger.mock(),
    );
    expect(sandbox.kind).toBe('bubblewrap');
  });

  it('says at start when cgroups cannot be used: no limits, and releases with limits refused', () => {
    const logger = mockServices.logger.mock();
    const sandbox = chooseSandbox(
      DEFAULT_SANDBOX_SETTINGS,
      logger,
      'bwrap',
      new Cgroups('/nonexistent/cgroup'),
    );
    expect(sandbox.limitsProblem).toMatch(/no cgroup v2 hierarchy/);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Limits: cgroups cannot be used here \(no cgroup v2 hierarchy.*\): .*releases with limits are refused/,
      ),
    );
  });
});
