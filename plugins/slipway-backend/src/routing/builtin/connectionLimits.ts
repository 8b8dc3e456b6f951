import type { Server } from 'node:net';

export type ConnectionLimits = {
  /** Open connections at most, over every client (each of the http and https servers). */
  maxConnections: number;
  /** Open connections at most from one client address. */
  maxConnectionsPerClient: number;
};

/**
 * Caps the connections a server holds: past `maxConnectionsPerClient` from one address, or
 * `maxConnections` in all, a new connection is closed at once. One client's flood of idle
 * connections then costs it its own connections, not everyone's (the global cap is a last bound
 * on file descriptors and memory).
 */
export function limitConnections(
  server: Server,
  limits: ConnectionLimits,
): void {
  const perClient = new Map<string, number>();
  let open = 0;
  server.on('connection', socket => {
    const client = socket.remoteAddress ?? 'unknown';
    const count = perClient.get(client) ?? 0;
    if (
      open >= limits.maxConnections ||
      count >= limits.maxConnectionsPerClient
    ) {
      socket.destroy();
      return;
    }
    open++;
    perClient.set(client, count + 1);
    socket.once('close', () => {
      open--;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
    });
  });
}
