import { connect, type Socket } from 'node:net';
import type { CompiledRoute } from './routeTable';

export type Connected = { socket?: Socket; timedOut: boolean };

/**
 * Opens a connection to the route's next upstream (round robin). A refused or
 * timed-out connect moves on to the next address, each address tried once:
 * nothing has been sent yet, so retrying is always safe.
 */
export function connectUpstream(
  route: CompiledRoute,
  abandoned: () => boolean,
  done: (result: Connected) => void,
): void {
  const { upstreams } = route;
  const start = route.cursor.next++ % upstreams.length;
  let attempt = 0;
  let timedOut = false;
  const tryNext = () => {
    if (attempt >= upstreams.length || abandoned()) {
      done({ timedOut });
      return;
    }
    const { host, port } = upstreams[(start + attempt++) % upstreams.length];
    const socket = connect({ host, port });
    let settled = false;
    const timer = setTimeout(
      () => settle('timeout'),
      route.route.connectTimeout * 1000,
    );
    const onError = () => settle('error');
    function settle(outcome: 'connected' | 'error' | 'timeout') {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (outcome === 'connected') {
        socket.removeListener('error', onError);
        done({ socket, timedOut: false });
        return;
      }
      timedOut = outcome === 'timeout';
      socket.destroy();
      tryNext();
    }
    socket.once('connect', () => settle('connected'));
    socket.once('error', onError);
  };
  tryNext();
}
