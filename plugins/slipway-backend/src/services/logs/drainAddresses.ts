import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import os from 'node:os';
import {
  compileAllowlist,
  toBits,
  type AddressMatcher,
} from '../../routing/builtin/allowlist';

/**
 * Addresses a drain may not reach unless the operator allows them (`slipway.logs.drains.
 * allowAddresses`): a drain URL is chosen by an app's owner, and the backend would otherwise
 * send requests into its own host and network (SSRF): loopback, private, link-local (cloud
 * metadata), unique-local, CGNAT, unspecified, multicast and reserved blocks (documentation
 * ranges too: test and lab hosts number their interfaces from them), and the IPv6 forms that embed an
 * IPv4 address (IPv4-compatible, NAT64, 6to4) or are reserved (discard, documentation).
 */
const REFUSED = compileAllowlist([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  // IPv4-compatible (::127.0.0.1): deprecated, and what it reaches depends on the host.
  '::/96',
  '100::/64',
  '2001:db8::/32',
  '2002::/16',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
  '64:ff9b::/96',
]);

export type DrainAddressPolicy = {
  /** CIDRs the operator lets drains reach although they are refused by default. */
  allowed: AddressMatcher;
  /** Ports of this backend (its HTTP port, the router's): refused on any address the operator allows. */
  ownPorts: number[];
};

export function drainAddressPolicy(
  allowAddresses: string[],
  ownPorts: number[],
): DrainAddressPolicy {
  return { allowed: compileAllowlist(allowAddresses), ownPorts };
}

/** Why a drain may not connect to `address`:`port`, or undefined when it may. */
export function addressProblem(
  policy: DrainAddressPolicy,
  address: string,
  port: number,
): string | undefined {
  const allowed = policy.allowed(address);
  // The host's own addresses reach every service listening on all interfaces, whatever block.
  const own = isOwnAddress(address);
  if ((REFUSED(address) || own) && !allowed)
    return `${address} is a loopback, private, link-local or reserved address`;
  if ((allowed || own) && policy.ownPorts.includes(port))
    return `port ${port} is one of the backend's own ports`;
  return undefined;
}

/** Whether `address` is one of this host's interface addresses (read each time: they change). */
function isOwnAddress(address: string): boolean {
  const bits = toBits(address);
  if (bits === undefined) return false;
  return Object.values(os.networkInterfaces()).some(list =>
    (list ?? []).some(i => toBits(i.address) === bits),
  );
}

/** Resolves `host` and checks every address it has (a drain is refused when one is refused). */
export async function checkDrainHost(
  policy: DrainAddressPolicy,
  host: string,
  port: number,
): Promise<string | undefined> {
  let addresses: { address: string }[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    return `${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const problem = addressProblem(policy, address, port);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A `lookup` for net/tls/https that checks the addresses at connect time: a name that resolved
 * to a public address when the drain was added may resolve to 127.0.0.1 later (DNS rebinding).
 */
export function guardedLookup(
  policy: DrainAddressPolicy,
  port: number,
): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const problem = addressProblem(policy, address, port);
        if (problem) {
          callback(
            Object.assign(new Error(`drain refused: ${problem}`), {
              code: 'EDRAINREFUSED',
            }),
            '',
            0,
          );
          return;
        }
      }
      if ((options as dns.LookupOptions).all) (callback as any)(null, list);
      else callback(null, list[0].address, list[0].family);
    });
  };
}
