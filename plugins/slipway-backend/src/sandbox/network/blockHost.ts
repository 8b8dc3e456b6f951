import { isIPv6 } from 'node:net';

/**
 * Link-local destinations are blocked as a whole: they are this machine's link (the host's own
 * link-local addresses, its neighbours) and, in IPv4, the cloud metadata service (169.254.169.254:
 * AWS, GCP, Azure, Oracle, DigitalOcean), which hands out the machine's cloud credentials.
 */
const LINK_LOCAL = ['169.254.0.0/16', 'fe80::/10'];

/**
 * Metadata services of clouds that are not at a link-local address: AWS's IPv6 IMDS (Nitro),
 * Alibaba Cloud's, Oracle Cloud's older one. Blocked everywhere: no sandbox needs them.
 */
export const METADATA_DESTINATIONS: readonly string[] = [
  'fd00:ec2::254/128',
  '100.100.100.200/32',
  '192.0.0.192/32',
];

/**
 * `ip -batch` lines, per address family, that make each host address (and each destination of
 * `blocked`) unreachable from inside a network namespace: a `prohibit` policy rule (connect()
 * fails with EACCES there, before pasta ever sees a packet). A rule, not a route: a route is
 * passed over when the socket names an interface (`fe80::1%eth0`), a rule is not. The namespace's
 * own address (pasta copies the host's main address into it) stays its own: the `local` table's
 * rule (preference 0) comes first.
 */
export function blockHostRules(
  addresses: readonly string[],
  blocked: readonly string[] = METADATA_DESTINATIONS,
): {
  inet: string;
  inet6: string;
} {
  const rule = (destination: string) =>
    `rule add to ${destination} prohibit pref 100\n`;
  const destinations = [
    ...addresses.map(a => (isIPv6(a) ? `${a}/128` : `${a}/32`)),
    ...LINK_LOCAL,
    ...blocked,
  ];
  const family = (v6: boolean) =>
    destinations
      .filter(d => isIPv6(d.replace(/\/\d+$/, '')) === v6)
      .map(rule)
      .join('');
  return { inet: family(false), inet6: family(true) };
}
