import fs from 'node:fs';
import { blockHostRules } from './blockHost';
import { checkInside, type NetworkCheck } from './checkInside';
import { hostAddresses } from './hostAddresses';
import { pastaArgs } from './pasta';
import type { NetworkPrograms } from './programs';
import type { RouterPort } from './routerPorts';
import { runProgram } from './run';

/** What the step reads of a sandbox's spawn (`SandboxedSpawn`). */
export type NetworkSpec = {
  /** The port the app listens on inside: forwarded from the host's 127.0.0.1:<port>. */
  port?: number;
  /** More host loopback ports it may reach (an exec probe: its process's port). */
  hostPorts?: readonly number[];
};

/**
 * A sandbox setup step (see `SandboxSetupStep`): bwrap made the sandbox with `--unshare-net`, so
 * its network namespace has only its own loopback; this gives it the outside world and the
 * router, and nothing else of the host.
 *
 * 1. pasta attaches to the namespace (outbound, the app's port inbound, the router's ports).
 *    It is started inside the sandbox's PID namespace (`nsenter --pid`), so the kernel kills it
 *    with the sandbox's init: it never outlives the sandbox, even when the backend is killed.
 * 2. Every other host address gets a `prohibit` rule in the namespace (pasta connects on the
 *    host's behalf, so a bridge's or interface's address would reach host services). The
 *    sandbox's user has no CAP_NET_ADMIN there and cannot remove them.
 *
 * Host addresses are taken when the sandbox starts: an address the host gains later (a new
 * bridge) is not blocked for sandboxes already running.
 */
export class SandboxNetwork {
  readonly name = 'network';

  constructor(
    private readonly programs: NetworkPrograms,
    private readonly routerPorts: readonly RouterPort[],
    private readonly addresses: () => string[] = hostAddresses,
  ) {}

  /** A tcp or http health check from inside the sandbox's namespace (see `checkInside`). */
  check(
    bwrapPid: number,
    check: NetworkCheck,
    timeoutMs: number,
    cancel?: AbortSignal,
  ): Promise<boolean> {
    return checkInside(this.programs, bwrapPid, check, timeoutMs, cancel);
  }

  async prepare(sandboxPid: number, spec: NetworkSpec): Promise<void> {
    const { pasta, nsenter, ip } = this.programs;
    const target = ['--target', String(sandboxPid)];
    // pasta opens the namespace after dropping its capabilities, when it could no longer open
    // another process's: it gets the namespace open already, as its descriptor 3.
    const netns = fs.openSync(`/proc/${sandboxPid}/ns/net`, 'r');
    try {
      await runProgram(
        nsenter,
        [
          ...target,
          '--pid',
          '--',
          pasta,
          ...pastaArgs('/proc/self/fd/3', {
            inbound: spec.port,
            toHost: [...this.routerPorts, ...(spec.hostPorts ?? [])],
          }),
        ],
        '',
        netns,
      );
    } finally {
      fs.closeSync(netns);
    }
    const rules = blockHostRules(this.addresses());
    for (const [family, batch] of Object.entries(rules)) {
      if (!batch) continue;
      await runProgram(
        nsenter,
        [...target, '--net', '--', ip, '-family', family, '-batch', '-'],
        batch,
      );
    }
  }
}
