import type { NewLogLine } from '../../ledger';

/**
 * One line as RFC 5424 syslog, framed by octet counting (RFC 6587) so a line may hold anything:
 * `<14>1 2026-01-31T12:00:00.000Z shop app web.1 - - Listening on 5000`. HOSTNAME is the app,
 * APP-NAME what produced the line (app, slipway, router), PROCID the source; facility user,
 * severity info.
 */
export function syslogFrame(line: NewLogLine): string {
  const appName = line.kind === 'platform' ? 'slipway' : line.kind;
  const message = `<14>1 ${line.time} ${token(line.app)} ${appName} ${token(
    line.source,
  )} - - ${line.line}`;
  return `${Buffer.byteLength(message)} ${message}`;
}

/** One line as a JSON object of the NDJSON body an HTTPS drain receives. */
export function jsonLine(line: NewLogLine): string {
  return JSON.stringify({
    time: line.time,
    app: line.app,
    kind: line.kind,
    source: line.source,
    ...(line.release !== undefined ? { release: line.release } : {}),
    line: line.line,
  });
}

/** Header fields are printable ASCII without spaces (RFC 5424 §6). */
function token(value: string): string {
  return value.replace(/[^\x21-\x7e]/g, '_').slice(0, 48) || '-';
}
