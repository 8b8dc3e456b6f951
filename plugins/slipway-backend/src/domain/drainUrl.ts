/** Where a drain sends lines: RFC 5424 syslog over TCP or TLS, or HTTPS POSTs of NDJSON. */
export type DrainTarget = {
  protocol: 'syslog' | 'syslog+tls' | 'https';
  host: string;
  port: number;
};

const DEFAULT_PORTS: Record<DrainTarget['protocol'], number> = {
  syslog: 514,
  'syslog+tls': 6514,
  https: 443,
};

/** The drain URL's target, or a message saying what is wrong with it (for a 400). */
export function parseDrainUrl(url: string): DrainTarget | string {
  if (url.length > 2048) return 'url must be at most 2048 characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be a URL like syslog+tls://logs.example.com:6514 or https://logs.example.com/ingest';
  }
  const protocol = parsed.protocol.slice(0, -1) as DrainTarget['protocol'];
  if (!Object.hasOwn(DEFAULT_PORTS, protocol))
    return 'url must start with syslog+tls://, syslog:// or https://';
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return 'url must name a host';
  if (protocol !== 'https') {
    if (parsed.username || parsed.password)
      return 'a syslog url cannot hold credentials';
    if ((parsed.pathname && parsed.pathname !== '/') || parsed.search)
      return 'a syslog url has no path or query';
  }
  const port = parsed.port ? Number(parsed.port) : DEFAULT_PORTS[protocol];
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return 'url must have a port from 1 to 65535';
  return { protocol, host, port };
}

/**
 * The URL as shown: its user name, password and every query value masked (tokens live there;
 * log services often take the token as the user name: `https://TOKEN@logs.example.com/`).
 */
export function maskDrainUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.username) parsed.username = '***';
  if (parsed.password) parsed.password = '***';
  for (const key of [...new Set(parsed.searchParams.keys())])
    parsed.searchParams.set(key, '***');
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}
