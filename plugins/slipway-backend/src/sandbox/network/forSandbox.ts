import { findNetworkPrograms } from './programs';
import type { RouterPort } from './routerPorts';
import { SandboxNetwork } from './SandboxNetwork';

/**
 * The network step of this backend's sandboxes, or why they share the host's network instead
 * (the warning the backend logs at start). Attaching pasta to a namespace root owns takes root;
 * a backend running as an ordinary user leaves its sandboxes on the host's network.
 */
export function sandboxNetwork(
  routerPorts: readonly RouterPort[],
  asRoot: boolean,
  programs = findNetworkPrograms(),
): { network: SandboxNetwork } | { problem: string } {
  const open =
    "sandboxed processes share the host's network: every service of this machine, on its loopback and its other addresses (databases, the backend's port, other apps' ports), is reachable from pushed code";
  if (!asRoot) {
    return { problem: `${open} (the backend does not run as root)` };
  }
  if ('problem' in programs) {
    return { problem: `${open} (${programs.problem})` };
  }
  return { network: new SandboxNetwork(programs, routerPorts) };
}
