import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  Route,
  RouteTable,
  TrafficRouter,
  RouterApplyResult,
} from '@slipway/plugin-slipway-node';
import { differences } from '../compare';
import {
  KubernetesSettings,
  pickCluster,
  readKubernetesSettings,
} from '../config';
import { KubeClient, KubeObject } from '../KubeClient';
import { ANNOTATION_SPEC_HASH, LABEL_APP } from '../names';
import {
  LABEL_ROUTER,
  maintenanceServiceManifest,
  tlsSecrets,
} from './routeObjects';
import { routeProblems } from './validateRoute';

/** What the Kubernetes routers share in their config sections. */
export type KubernetesRouterSettings = {
  /** The cluster the router writes to (`cluster` in its section; default: the runtime's default cluster). */
  client: KubeClient;
  platformDomain: string;
  /** Whether default URLs are https (`https` in its section). */
  https: boolean;
  /** `slipway.kubernetes.instance`: set when several Slipway installations share a cluster. */
  instance?: string;
};

const INSTANCE = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

/** Reads a router's cluster and URL scheme from `slipway.kubernetes.<section>`. */
export function readRouterSettings(
  config: Config,
  section: string,
  platformDomain: string,
): KubernetesRouterSettings {
  const settings: KubernetesSettings = readKubernetesSettings(config);
  const own = config.getOptionalConfig(`slipway.kubernetes.${section}`);
  const cluster = pickCluster(
    settings,
    own?.getOptionalString('cluster') ?? '',
  );
  const instance = config.getOptionalString('slipway.kubernetes.instance');
  if (instance !== undefined && !INSTANCE.test(instance)) {
    throw new Error(
      `slipway.kubernetes.instance must be a DNS label of at most 40 characters, not "${instance}"`,
    );
  }
  return {
    client: new KubeClient(cluster.kubeConfig, settings.retry),
    platformDomain,
    https: own?.getOptionalBoolean('https') ?? false,
    instance,
  };
}

/**
 * A router that turns every route into Kubernetes objects in the app's namespace and keeps them in sync:
 * it lists what it owns (one request per kind), applies only what differs and removes what no route needs.
 */
export abstract class KubernetesObjectsRouter implements TrafficRouter {
  /** Apps whose default host is served over TLS, from the last table (for `defaultUrl`). */
  private readonly tlsApps = new Set<string>();

  constructor(
    protected readonly settings: KubernetesRouterSettings,
    protected readonly logger: LoggerService,
    /** The router's name, set as the `slipway.io/router` label on everything it owns. */
    protected readonly name: string,
    /** Kinds of the objects `routeObjects` makes (the TLS Secrets and maintenance Services are every router's). */
    routeKinds: { apiVersion: string; kind: string }[],
  ) {
    this.kinds = [
      ...routeKinds,
      { apiVersion: 'v1', kind: 'Secret' },
      { apiVersion: 'v1', kind: 'Service' },
    ];
  }

  /** Kinds of the objects this router owns. */
  private readonly kinds: { apiVersion: string; kind: string }[];

  /**
   * The `slipway.io/router` label value of everything this router owns: its name, plus the instance when
   * several installations share the cluster, so that one never lists or removes another's objects.
   */
  protected get label(): string {
    return this.settings.instance
      ? `${this.name}.${this.settings.instance}`
      : this.name;
  }

  /** The objects that carry one app's traffic (an Ingress, HTTPRoutes); throws InputError when the route cannot be expressed. */
  protected abstract routeObjects(route: Route): KubeObject[];

  /** All objects of one route: none while there is nothing to route to and no maintenance page. */
  private render(route: Route): KubeObject[] {
    if (!route.upstream && !route.maintenance) return [];
    return [
      ...tlsSecrets(route, this.label),
      ...(route.maintenance
        ? [maintenanceServiceManifest(route.app, this.label)]
        : []),
      ...this.routeObjects(route),
    ] as KubeObject[];
  }

  defaultHost(app: string): string {
    return `${app}.${this.settings.platformDomain}`;
  }

  defaultUrl(app: string): string {
    const https = this.settings.https || this.tlsApps.has(app);
    return `${https ? 'https' : 'http'}://${this.defaultHost(app)}`;
  }

  async apply(table: RouteTable): Promise<RouterApplyResult> {
    const rejected: RouterApplyResult['rejected'] = [];
    const wanted = new Map<string, KubeObject[]>();
    for (const route of table) {
      const problems = routeProblems(route);
      try {
        if (problems.length) throw new Error(problems.join('; '));
        wanted.set(route.app, this.render(route));
      } catch (error) {
        rejected.push({ app: route.app, reason: (error as Error).message });
      }
    }

    const live = new Map<string, KubeObject>();
    for (const { apiVersion, kind } of this.kinds) {
      for (const object of await this.settings.client.list(
        apiVersion,
        kind,
        undefined,
        `${LABEL_ROUTER}=${this.label}`,
      )) {
        live.set(keyOf(object), object);
      }
    }

    let changed = false;
    const wantedKeys = new Set<string>();
    for (const [app, objects] of wanted) {
      try {
        for (const object of objects) {
          wantedKeys.add(keyOf(object));
          const current = live.get(keyOf(object));
          if (current && isSame(object, current)) continue;
          await this.settings.client.apply(object);
          changed = true;
        }
      } catch (error) {
        // One app's failure (e.g. its namespace is gone) does not stop the others.
        rejected.push({ app, reason: (error as Error).message });
      }
    }
    // Apps left out because of a problem keep what they had; objects of routes that are gone are removed.
    const keep = new Set(rejected.map(r => r.app));
    for (const [key, object] of live) {
      if (
        wantedKeys.has(key) ||
        keep.has(object.metadata.labels?.[LABEL_APP] ?? '')
      )
        continue;
      await this.settings.client.delete(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
        object.metadata.name,
      );
      changed = true;
    }

    this.tlsApps.clear();
    for (const route of table) {
      if (route.autoTls || route.hosts[0]?.tls) this.tlsApps.add(route.app);
    }
    if (rejected.length) {
      this.logger.warn(
        `Slipway ${this.name} router left out: ${rejected
          .map(r => `${r.app} (${r.reason})`)
          .join(', ')}`,
      );
    }
    return {
      changed,
      rejected: rejected.sort((a, b) => a.app.localeCompare(b.app)),
    };
  }
}

function keyOf(object: KubeObject): string {
  return `${object.apiVersion}/${object.kind}/${object.metadata.namespace}/${object.metadata.name}`;
}

/** Same spec hash and no field of ours changed by someone else. */
function isSame(desired: KubeObject, live: KubeObject): boolean {
  const { apiVersion: _a, kind: _k, ...fields } = desired;
  return (
    live.metadata.annotations?.[ANNOTATION_SPEC_HASH] ===
      desired.metadata.annotations?.[ANNOTATION_SPEC_HASH] &&
    differences(fields, live).length === 0
  );
}
