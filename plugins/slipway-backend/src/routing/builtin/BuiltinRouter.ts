import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { limitConnections, type ConnectionLimits } from './connectionLimits';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type {
  AccessLogEntry,
  TrafficRouter,
  RouterApplyResult,
  RouteTable,
} from '@slipway/plugin-slipway-node';
import { DEFAULT_LIMITS, type BuiltinRouterSettings } from './config';
import { requestHandler, upgradeHandler, type ProxyEnvironment } from './proxy';
import type { AcmeChallenges } from '../../acme';
import { canonicalJson, CompiledTable, compileTable } from './routeTable';

/**
 * The embedded router: an in-process HTTP and HTTPS (SNI) reverse proxy.
 * Servers start on the first `apply` and stop on `close()`.
 */
export class BuiltinRouter implements TrafficRouter {
  /** Replaced as a whole on every change; requests read it once. */
  private table = new CompiledTable([]);
  private lastInput?: string;
  private lastRejected: RouterApplyResult['rejected'] = [];
  private servers?: Server[];
  private ports: { http: number; https: number };
  private appPorts?: { http: number; https: number };
  private readonly longLived = new Set<Socket | Duplex>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly accessListeners = new Set<(entry: AccessLogEntry) => void>();
  private acmeChallenges?: AcmeChallenges;

  constructor(private readonly settings: BuiltinRouterSettings) {
    this.ports = { http: settings.httpPort, https: settings.httpsPort };
  }

  apply(input: RouteTable): Promise<RouterApplyResult> {
    // One apply at a time, so two tables are never compiled against the same previous one.
    const next = this.queue.then(() => this.applyNow(input));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async applyNow(input: RouteTable): Promise<RouterApplyResult> {
    await this.start();
    const inputHash = createHash('sha256')
      .update(
        canonicalJson([...input].sort((a, b) => (a.app < b.app ? -1 : 1))),
      )
      .digest('hex');
    if (inputHash === this.lastInput) {
      return { changed: false, rejected: this.lastRejected };
    }
    const { table, rejected } = compileTable(input, this.table);
    const changed = table.fingerprint !== this.table.fingerprint;
    this.table = table; // the atomic swap
    this.lastInput = inputHash;
    this.lastRejected = rejected;
    return { changed, rejected };
  }

  onAccessLog(listener: (entry: AccessLogEntry) => void): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  /** One function for all listeners, or none when nobody listens (requests then pay nothing). */
  private accessLog(): ((entry: AccessLogEntry) => void) | undefined {
    if (this.accessListeners.size === 0) return undefined;
    return entry => this.accessListeners.forEach(listener => listener(entry));
  }

  /** Answers the ACME issuer's HTTP-01 challenges on the HTTP port (autoTls). */
  serveAcmeChallenges(challenges: AcmeChallenges): void {
    this.acmeChallenges = challenges;
  }

  defaultHost(app: string): string {
    return `${app}.${this.settings.platformDomain}`;
  }

  defaultUrl(app: string): string {
    const port = this.ports.http === 80 ? '' : `:${this.ports.http}`;
    return `http://${this.defaultHost(app)}${port}`;
  }

  /** The ports actually listened on (differs from the settings when they say 0). */
  listening():
    | {
        httpPort: number;
        httpsPort: number;
        appHttpPort?: number;
        appHttpsPort?: number;
      }
    | undefined {
    return this.servers
      ? {
          httpPort: this.ports.http,
          httpsPort: this.ports.https,
          ...(this.appPorts
            ? {
                appHttpPort: this.appPorts.http,
                appHttpsPort: this.appPorts.https,
              }
            : {}),
        }
      : undefined;
  }

  /** Stops both servers and every open connection. Hook to the plugin's shutdown. */
  async close(): Promise<void> {
    const servers = this.servers ?? [];
    this.servers = undefined;
    for (const socket of this.longLived) socket.destroy();
    this.longLived.clear();
    await Promise.all(
      servers.map(
        server =>
          new Promise<void>(resolve => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
    this.lastInput = undefined;
    this.appPorts = undefined;
  }

  private async start(): Promise<void> {
    if (this.servers) return;
    const env: ProxyEnvironment = {
      table: () => this.table,
      httpsPort: () => this.ports.https,
      acme: () => this.acmeChallenges,
      track: socket => {
        this.longLived.add(socket);
        socket.once('close', () => this.longLived.delete(socket));
      },
      accessLog: () => this.accessLog(),
    };
    // How often Node looks for connections past headersTimeout: often enough to honour it.
    const connectionsCheckingInterval = Math.min(
      30_000,
      Math.max(100, ((this.settings.headersTimeout ?? 20) * 1000) / 4),
    );
    const limits = { ...DEFAULT_LIMITS, ...this.settings };
    const { headersTimeout, keepAliveTimeout } = limits;
    const pair = (connectionLimits: ConnectionLimits) => {
      const http = createHttpServer(
        { connectionsCheckingInterval },
        requestHandler(env, false),
      );
      http.on('upgrade', upgradeHandler(env, false));
      const https = createHttpsServer(
        {
          connectionsCheckingInterval,
          // A client that never finishes its TLS handshake is cut off like one that never finishes its headers.
          handshakeTimeout: headersTimeout * 1000,
          SNICallback: (servername, callback) => {
            const context = this.table.secureContext(servername.toLowerCase());
            if (context) callback(null, context);
            else callback(new Error(`no certificate for ${servername}`));
          },
        },
        requestHandler(env, true),
      );
      https.on('upgrade', upgradeHandler(env, true));
      for (const server of [http, https]) {
        server.requestTimeout = 0; // per-route timeouts bound the body and the answer instead
        // A client trickling its headers (slowloris) is cut off; idle keep-alive connections close.
        server.headersTimeout = headersTimeout * 1000;
        server.keepAliveTimeout = keepAliveTimeout * 1000;
        limitConnections(server, connectionLimits);
      }
      return { http, https };
    };
    const servers: Server[] = [];
    const open = async (
      { http, https }: { http: Server; https: Server },
      host: string,
      httpPort: number,
      httpsPort: number,
    ) => {
      servers.push(http, https);
      try {
        return {
          http: await listen(http, httpPort, host),
          https: await listen(https, httpsPort, host),
        };
      } catch (error) {
        for (const server of servers) server.close();
        throw new Error(
          `The builtin router cannot listen on ${host} ports ${httpPort}/${httpsPort}: ${
            (error as Error).message
          }`,
        );
      }
    };
    this.ports = await open(
      pair(limits),
      this.settings.host,
      this.settings.httpPort,
      this.settings.httpsPort,
    );
    const { appHttpPort, appHttpsPort } = this.settings;
    if (appHttpPort !== undefined && appHttpsPort !== undefined) {
      // Every sandbox's connection arrives from 127.0.0.1 (pasta): one bucket of their own, so
      // that apps never exhaust what the public ports' clients (also on loopback behind a local
      // proxy) need; one app can still crowd out other apps' calls through the router.
      const apps = {
        maxConnections: limits.maxAppConnections,
        maxConnectionsPerClient: limits.maxAppConnections,
      };
      this.appPorts = await open(
        pair(apps),
        '127.0.0.1',
        appHttpPort,
        appHttpsPort,
      );
    }
    this.servers = servers;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
