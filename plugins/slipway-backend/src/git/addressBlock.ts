import { isIPv6 } from 'node:net';

/**
 * What one client holds of `address`: an IPv6 address's /64 (a host is given a whole /64 and
 * can send from a new address each time), an IPv4 address however it is spelled
 * (`::ffff:192.0.2.1` on a dual-stack listener is 192.0.2.1); anything else as it is.
 */
export function addressBlock(address: string): string {
  if (!isIPv6(address)) return address;
  let canonical: string;
  try {
    // The URL parser writes IPv6 one way (lowercase, zeros compressed, IPv4 tails in hex).
    canonical = new URL(`http://[${address.split('%')[0]}]`).hostname.slice(
      1,
      -1,
    );
  } catch {
    return address;
  }
  const [head, tail] = canonical.split('::');
  const written = (part?: string) => (part ? part.split(':') : []);
  const groups = [
    ...written(head),
    ...Array(8 - written(head).length - written(tail).length).fill('0'),
    ...written(tail),
  ].map(group => parseInt(group, 16));
  if (groups.slice(0, 5).every(g => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255]
      .map(String)
      .join('.');
  }
  return `${groups
    .slice(0, 4)
    .map(g => g.toString(16))
    .join(':')}::/64`;
}
