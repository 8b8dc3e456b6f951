import { isIPv6 } from 'node:net';

/**
 * Link-local destinations are blocked as a whole: they are this machine's link (the host's own
 * link-local addresses, its neighbours) and, in IPv4, the cloud metadata service (169.254.169.254),
 * which hands out the machine's cloud credentials.
 */
const LINK_LOCAL = { inet: '169.254.0.0/16', inet6: 'fe80::/10' };

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
  const rule = (destination: string) =>
    `rule add to ${destination} prohibit pref 100\n`;
  return {
    inet: [
      ...addresses.filter(a => !isIPv6(a)).map(a => `${a}/32`),
      LINK_LOCAL.inet,
    ]
      .map(rule)
      .join(''),
    inet6: [
      ...addresses.filter(a => isIPv6(a)).map(a => `${a}/128`),
      LINK_LOCAL.inet6,
    ]
      .map(rule)
      .join(''),
  };
}
