import { isIPv6 } from 'node:net';

/**
 * `ip -batch` lines, per address family, that make each host address unreachable from inside a
 * network namespace: a `prohibit` policy rule (connect() fails with EACCES there, before pasta
 * ever sees a packet). A rule, not a route: a route is passed over when the socket names an
 * interface (`fe80::1%eth0`), a rule is not. The namespace's own address (pasta copies the host's
 * main address into it) stays its own: the `local` table's rule (preference 0) comes first.
 */
export function blockHostRules(addresses: readonly string[]): {
  inet: string;
  inet6: string;
} {
  const rule = (address: string, bits: number) =>
    `rule add to ${address}/${bits} prohibit pref 100\n`;
  return {
    inet: addresses
      .filter(a => !isIPv6(a))
      .map(a => rule(a, 32))
      .join(''),
    inet6: addresses
      .filter(a => isIPv6(a))
      .map(a => rule(a, 128))
      .join(''),
  };
}
