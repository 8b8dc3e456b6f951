const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^\[?[0-9a-fA-F]*:[0-9a-fA-F:.]*\]?$/;
/** `scheme://`, host, `:port`, `/path…`: each part but the host optional. */
const URL_LIKE =
  /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/:?#\s]+)(?::(\d*))?([/?#].*)?$/;

/**
 * Returns why `domain` is not a valid custom domain, or undefined when it is.
 * RFC 1123 hostnames, lowercase, at least two labels, a leading `*.` wildcard only,
 * no IP addresses and no trailing dot.
 */
export function domainProblem(domain: unknown): string | undefined {
  if (typeof domain !== 'string' || domain === '') {
    return 'Domain is required';
  }
  const shown = domain.length > 60 ? `${domain.slice(0, 60)}…` : domain;
  if (domain.length > 253) {
    return `Domain "${shown}" is longer than 253 characters`;
  }
  // A URL pasted where a hostname belongs: say what to type instead.
  const url = URL_LIKE.exec(domain);
  if (url) {
    const [, scheme, host, port, path] = url;
    const extras = [
      scheme && `"${scheme}"`,
      port && 'a port',
      path && path !== '/' ? 'a path' : path && 'a trailing "/"',
    ].filter(Boolean);
    if (extras.length > 0) {
      return `Domain "${shown}" must be a hostname only, without ${extras.join(
        ' or ',
      )}: try "${host.toLowerCase()}"`;
    }
  }
  if (domain !== domain.toLowerCase()) {
    return `Domain "${shown}" must be lowercase`;
  }
  if (IPV4.test(domain) || IPV6.test(domain)) {
    return `"${shown}" is an IP address, not a domain`;
  }
  const labels = domain.split('.');
  const rest = labels[0] === '*' ? labels.slice(1) : labels;
  if (rest.length < 2) {
    return `Domain "${shown}" must have at least two labels, like example.com`;
  }
  for (const label of rest) {
    if (label === '*') {
      return `Domain "${shown}" may only have a wildcard as its first label`;
    }
    if (!LABEL.test(label)) {
      return `Domain "${shown}" is not a valid hostname (labels of letters, digits and inner hyphens, 63 characters at most)`;
    }
  }
  if (/^\d+$/.test(rest[rest.length - 1])) {
    return `Domain "${shown}" must not end in a numeric label`;
  }
  return undefined;
}

/** Whether a certificate name (SAN) covers `domain`, with one-level wildcard matching. */
export function hostnameMatches(pattern: string, domain: string): boolean {
  const p = pattern.toLowerCase();
  const d = domain.toLowerCase();
  if (p === d) return true;
  if (p.startsWith('*.')) {
    const suffix = p.slice(1);
    const head = d.slice(0, d.length - suffix.length);
    return d.endsWith(suffix) && head.length > 0 && !head.includes('.');
  }
  return false;
}
