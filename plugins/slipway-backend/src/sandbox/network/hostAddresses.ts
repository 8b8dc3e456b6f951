import os from 'node:os';

/**
 * Every address of this host other than loopback: its interfaces' own addresses, bridges'
 * gateways (docker0, a CNI bridge), IPv6 global and link-local. Connections from a sandbox go out
 * through pasta, which connects on the host's behalf, so any of them would reach a host service
 * listening on 0.0.0.0 or `::` — the sandbox's routing table refuses them (see `blockHost.ts`).
 */
export function hostAddresses(interfaces = os.networkInterfaces()): string[] {
  const addresses = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      if (entry.internal) continue;
      // Link-local addresses come scoped (`fe80::1%eth0`); a route names the address only.
      addresses.add(entry.address.replace(/%.*$/, ''));
    }
  }
  return [...addresses].sort();
}
