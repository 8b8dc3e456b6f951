import fs from 'node:fs';

/**
 * Sandboxes read the host's /etc/resolv.conf. A resolver on the host's loopback (systemd-resolved's
 * 127.0.0.53, a local dnsmasq) is not reachable from a sandbox's own network namespace: name
 * resolution fails there; so does one on another address of the host (blocked like every host
 * address, see `SandboxNetwork`). Returns the warning to log, or undefined.
 */
export function resolverProblem(
  hostAddresses: readonly string[],
  resolvConf = '/etc/resolv.conf',
): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(resolvConf, 'utf8');
  } catch {
    return undefined;
  }
  const onHost = [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)]
    .map(match => match[1].replace(/%.*$/, ''))
    .filter(
      address =>
        /^127\./.test(address) ||
        address === '::1' ||
        hostAddresses.includes(address),
    );
  if (onHost.length === 0) return undefined;
  return `${resolvConf} names a resolver on this host (${onHost.join(
    ', ',
  )}), which sandboxes cannot reach from their own network namespace: builds and apps cannot resolve names. Point ${resolvConf} at a resolver on another machine`;
}
