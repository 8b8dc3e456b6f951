import { isIPv4, isIPv6 } from 'node:net';

/**
 * Allowlist matching. Every address is compared as 128 bits with IPv4 mapped into
 * `::ffff:0:0/96`, so `10.0.0.0/8` also admits a client seen as `::ffff:10.1.2.3`
 * (a dual-stack listener) and `::ffff:10.0.0.0/104` admits a plain IPv4 client.
 */
export type AddressMatcher = (address: string) => boolean;

type Block = { network: bigint; mask: bigint };

const MAPPED_PREFIX = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

/** Returns a matcher for the CIDRs, or throws with the first that does not parse. */
export function compileAllowlist(cidrs: string[]): AddressMatcher {
  const blocks: Block[] = cidrs.map(cidr => {
    const [address, prefix] = cidr.split('/');
    const bits = toBits(address);
    if (bits === undefined) {
      throw new Error(
        `allowlist entry "${cidr}" is not an IP address or CIDR block`,
      );
    }
    const v4 = isIPv4(address);
    const length = prefix === undefined ? 128 : Number(prefix) + (v4 ? 96 : 0);
    if ((prefix !== undefined && !/^\d{1,3}$/.test(prefix)) || length > 128) {
      throw new Error(`allowlist entry "${cidr}" has an invalid prefix length`);
    }
    const mask = length === 0 ? 0n : (ALL << BigInt(128 - length)) & ALL;
    return { network: bits & mask, mask };
  });
  return address => {
    const bits = toBits(address);
    return (
      bits !== undefined &&
      blocks.some(block => (bits & block.mask) === block.network)
    );
  };
}

/** 128-bit value of an IPv4 or IPv6 address (IPv4 mapped), or undefined. */
export function toBits(address: string): bigint | undefined {
  const zoneless = address.split('%')[0];
  if (isIPv4(zoneless)) {
    return MAPPED_PREFIX | v4Bits(zoneless);
  }
  if (!isIPv6(zoneless)) return undefined;
  let text = zoneless;
  let tail: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = v4Bits(text.slice(lastColon + 1));
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const missing = 8 - headGroups.length - restGroups.length;
  const groups =
    rest === undefined
      ? headGroups
      : [...headGroups, ...Array(missing).fill('0'), ...restGroups];
  let bits = 0n;
  for (const group of groups)
    bits = (bits << 16n) | BigInt(parseInt(group, 16));
  if (tail !== undefined) bits = (bits & ~0xffffffffn) | tail;
  return bits;
}

function v4Bits(address: string): bigint {
  return address
    .split('.')
    .reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

/** The client address as people write it: `::ffff:1.2.3.4` becomes `1.2.3.4`. */
export function displayAddress(address: string | undefined): string {
  if (!address) return '';
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1] : address;
}
