/** What a drain URL sends to, from its scheme. */
export function drainKind(url: string): string {
  if (url.startsWith('syslog+tls://')) return 'Syslog over TLS';
  if (url.startsWith('syslog://')) return 'Syslog (TCP, unencrypted)';
  if (url.startsWith('https://')) return 'HTTPS (NDJSON)';
  return 'unknown';
}

/** A first check in the browser; the API has the last word (addresses, duplicates, the limit). */
export function drainUrlProblem(url: string): string | undefined {
  if (!url.trim()) return undefined;
  if (!/^(syslog\+tls|syslog|https):\/\/[^/\s]/.test(url.trim()))
    return 'Use syslog+tls://host:port, syslog://host:port or https://host/path';
  return undefined;
}
