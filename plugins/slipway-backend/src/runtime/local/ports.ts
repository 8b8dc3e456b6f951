import { createServer } from 'node:net';
import type { LocalRuntimeSettings } from './config';

/**
 * Hands out free loopback ports for `PORT`. A port stays reserved for the process
 * it was given to (also while it restarts), so two processes never share one.
 */
export class PortAllocator {
  private readonly reserved = new Set<number>();

  constructor(private readonly range: LocalRuntimeSettings['portRange']) {}

  async allocate(): Promise<number> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const candidate = this.range
        ? this.range.from +
          Math.floor(Math.random() * (this.range.to - this.range.from + 1))
        : 0;
      if (this.reserved.has(candidate)) continue;
      const port = await bindable(candidate);
      if (port !== undefined && !this.reserved.has(port)) {
        this.reserved.add(port);
        return port;
      }
    }
    throw new Error(
      'No free port for a process (slipway.local.portRange exhausted?)',
    );
  }

  release(port: number): void {
    this.reserved.delete(port);
  }
}

/** The port, if something can listen on it on 127.0.0.1 right now (0 = the system picks). */
function bindable(port: number): Promise<number | undefined> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound =
        typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}
