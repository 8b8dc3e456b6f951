import type { RouterPort } from './routerPorts';

/** What a sandbox's namespace gets forwarded. */
export type Forwards = {
  /** The app's port: the host's 127.0.0.1:<port> reaches the sandbox's <port> (router, probes). */
  inbound?: number;
  /** Host loopback ports the sandbox reaches at its own 127.0.0.1:<port> (the router's). */
  toHost: readonly RouterPort[];
};

/**
 * pasta's options for attaching to the network namespace at `netns`:
 * - `--config-net`: the namespace gets a tap interface with a copy of the host's address and
 *   default route; what it sends goes out through pasta's sockets on the host (outbound works, as
 *   the host's own connections, through the host's routes and firewall).
 * - `--no-map-gw`: the gateway address is the real gateway, not an alias of the host's loopback.
 * - `-T`/`-U`: only the router's ports of the host's loopback (TCP), nothing else; UDP none.
 *   `<port>:<hostPort>`: the sandbox's <port> reaches the host's <hostPort> (the builtin router's
 *   port for apps).
 * - `-t 127.0.0.1/<port>`: the app's port, bound on the host's loopback only (the router and
 *   probes connect there; the outside world goes through the router).
 * - `--runas 0:0`: joining a namespace root owns takes root; pasta then drops its capabilities
 *   and isolates itself (seccomp, empty mount namespace).
 */
export function pastaArgs(netns: string, forwards: Forwards): string[] {
  const toHost = forwards.toHost
    .map(p => (typeof p === 'number' ? { port: p, hostPort: p } : p))
    .filter(({ port }) => port !== forwards.inbound)
    .filter((p, i, all) => all.findIndex(o => o.port === p.port) === i)
    .map(({ port, hostPort }) =>
      port === hostPort ? String(port) : `${port}:${hostPort}`,
    );
  return [
    '--runas',
    '0:0',
    '--config-net',
    '--quiet',
    '--no-map-gw',
    '--tcp-ports',
    forwards.inbound ? `127.0.0.1/${forwards.inbound}` : 'none',
    '--udp-ports',
    'none',
    '--tcp-ns',
    toHost.length > 0 ? toHost.join(',') : 'none',
    '--udp-ns',
    'none',
    '--netns',
    netns,
  ];
}
