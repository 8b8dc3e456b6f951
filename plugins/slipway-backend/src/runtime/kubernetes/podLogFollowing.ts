import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CapturedLogLine } from '@slipway/plugin-slipway-node';
import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import {
  LABEL_APP,
  LABEL_ROLE,
  LABEL_TYPE,
  namespaceOf,
} from '../../kubernetes/names';
import { type LogCursor, PodLogFollower } from './podLogFollower';
import { toLogLine } from './pods';

export const DEFAULT_FOLLOW_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_FOLLOWED_PODS = 500;

export type PodLogFollowingOptions = {
  clusters: () => string[];
  client: (cluster: string) => KubeClient;
  /** The apps of these names that exist, with their clusters (pods of other names are not followed). */
  apps: (names: string[]) => Promise<{ name: string; cluster: string }[]>;
  /** One replica follows an app: the one that holds its lease (renewed with the instance's heartbeat). */
  lease: {
    take(app: string): Promise<boolean>;
    release(app: string): Promise<void>;
  };
  /** Where an instance's retained output ends (`source` as `web.5d8f9c-x2k4p`). */
  resume: (app: string, source: string) => Promise<LogCursor | undefined>;
  onLine: (app: string, line: CapturedLogLine) => void;
  logger: LoggerService;
  intervalMs?: number;
  maxPods?: number;
};

/**
 * Retains the ordinary output of every running app pod, whether or not anyone watches its logs:
 * every few seconds each cluster's app pods are listed (one request per cluster); of the apps whose
 * lease this replica holds, each pod gets one follower (up to `maxPods`), which stops when its pod
 * goes or the lease moves to another replica. A follower resumes after the pod's last retained
 * line, so a backend restart neither repeats nor loses lines.
 */
export class PodLogFollowing {
  private readonly followers = new Map<string, PodLogFollower>();
  /** Apps whose lease this replica holds, with their cluster. */
  private readonly held = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  private warnedFull = false;

  constructor(private readonly options: PodLogFollowingOptions) {}

  start(): void {
    const every = this.options.intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
    void this.sweep();
  }

  /** Pods followed now (`cluster/namespace/pod`). */
  followed(): string[] {
    return [...this.followers.keys()];
  }

  /** Looks at the clusters' app pods once (what the timer does); overlapping calls share one sweep. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping?.catch(() => {});
    await Promise.all([...this.followers.values()].map(f => f.stop()));
    this.followers.clear();
    for (const app of this.held.keys())
      await this.options.lease.release(app).catch(() => {});
    this.held.clear();
  }

  private async sweepOnce(): Promise<void> {
    const wanted = new Map<string, { app: string; pod: KubeObject }>();
    const listed = new Set<string>();
    for (const cluster of this.options.clusters()) {
      try {
        for (const [key, value] of await this.wantedIn(cluster))
          wanted.set(key, value);
        listed.add(cluster);
      } catch (error) {
        this.options.logger.warn(
          `Could not list the app pods of cluster ${cluster} to retain their logs: ${error}`,
        );
      }
    }
    if (this.stopped) return;
    // Apps with no running pod any more: their leases are given up.
    const withPods = new Set([...wanted.values()].map(({ app }) => app));
    for (const [app, cluster] of [...this.held]) {
      if (withPods.has(app) || !listed.has(cluster)) continue;
      this.held.delete(app);
      await this.options.lease.release(app).catch(() => {});
    }
    for (const [key, follower] of this.followers) {
      // A cluster that could not be listed keeps its followers (they end with their pods).
      if (!wanted.has(key) && listed.has(key.split('/')[0])) {
        this.followers.delete(key);
        void follower.stop();
      }
    }
    const max = this.options.maxPods ?? DEFAULT_MAX_FOLLOWED_PODS;
    for (const [key, { app, pod }] of wanted) {
      if (this.followers.has(key)) continue;
      if (this.followers.size >= max) {
        if (!this.warnedFull)
          this.options.logger.warn(
            `Following ${max} pods' logs already (slipway.logs.kubernetes.maxPods): the output of other pods is not retained`,
          );
        this.warnedFull = true;
        break;
      }
      await this.follow(key, app, pod);
    }
  }

  /** The pods of this cluster that this replica should follow, by `cluster/namespace/pod`. */
  private async wantedIn(
    cluster: string,
  ): Promise<Map<string, { app: string; pod: KubeObject }>> {
    const pods = await this.options
      .client(cluster)
      .list('v1', 'Pod', undefined, `${LABEL_APP},${LABEL_TYPE}`);
    const byApp = new Map<string, KubeObject[]>();
    for (const pod of pods) {
      const app = pod.metadata.labels?.[LABEL_APP];
      if (!app || pod.metadata.labels?.[LABEL_ROLE] !== undefined) continue;
      // Only an app's own namespace speaks for it (a label alone could be set by anyone's pod).
      let namespace: string;
      try {
        namespace = namespaceOf(app);
      } catch {
        continue;
      }
      if (pod.metadata.namespace !== namespace) continue;
      if (pod.status?.phase !== 'Running') continue;
      byApp.set(app, [...(byApp.get(app) ?? []), pod]);
    }
    const existing = (await this.options.apps([...byApp.keys()])).filter(
      record => record.cluster === cluster,
    );
    const wanted = new Map<string, { app: string; pod: KubeObject }>();
    for (const { name } of existing) {
      if (!(await this.options.lease.take(name))) {
        this.held.delete(name);
        continue;
      }
      this.held.set(name, cluster);
      for (const pod of byApp.get(name) ?? [])
        wanted.set(
          `${cluster}/${pod.metadata.namespace}/${pod.metadata.name}`,
          {
            app: name,
            pod,
          },
        );
    }
    return wanted;
  }

  private async follow(key: string, app: string, pod: KubeObject) {
    const [cluster] = key.split('/');
    let cursor: LogCursor | undefined;
    try {
      cursor = await this.options.resume(app, toLogLine(pod, '').source);
    } catch (error) {
      this.options.logger.warn(
        `Could not tell where the retained log of ${key} ends: ${error}`,
      );
      return;
    }
    if (this.stopped) return;
    const follower = new PodLogFollower({
      client: this.options.client(cluster),
      namespace: namespaceOf(app),
      pod,
      ...(cursor ? { cursor } : {}),
      onLine: line => this.options.onLine(app, line),
      logger: this.options.logger,
    });
    this.followers.set(key, follower);
    // A follower that ends by itself (its pod finished) is forgotten; a pod still running is followed again.
    void follower.done.then(() => {
      if (this.followers.get(key) === follower) this.followers.delete(key);
    });
  }
}
