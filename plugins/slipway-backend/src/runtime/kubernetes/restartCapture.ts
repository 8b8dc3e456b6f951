import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CapturedLogLine } from '@slipway/plugin-slipway-node';
import { createInterface } from 'node:readline';
import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_TYPE, namespaceOf, releaseOf } from '../../kubernetes/names';
import { toLogLine } from './pods';

/** Lines of a restarted container's previous run that are retained (its last words). */
export const PREVIOUS_LINES = 200;

type Listener = (app: string, line: CapturedLogLine) => void;

/**
 * Retains what a restarted container leaves behind: the kubelet keeps only the previous run's
 * log, and only until the next restart, so when the runtime sees a pod's restart count grow it
 * reads that log and the container's last termination (exit code, reason) and tells them as the
 * app's lines and a platform line. Restarts of pods that ran before this backend started are
 * taken as already seen (what happened while no backend looked cannot be told without duplicates).
 */
export class RestartCapture {
  private readonly listeners = new Set<Listener>();
  /** `app/pod` → the restarts already told. */
  private readonly seen = new Map<string, number>();
  private readonly since = Date.now();
  /**
   * Whether the previous run's lines are told too: not while the pods' output is followed
   * (`PodLogFollowing` reads the previous run itself, after the lines it already kept).
   */
  previousLines = true;

  constructor(private readonly logger: LoggerService) {}

  onLogLine(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Looks at the app's pods as just listed; reads (in the background) what each container that
   * restarted since it was last seen left behind. Never throws, never waits.
   */
  observe(client: KubeClient, app: string, pods: KubeObject[]): void {
    if (this.listeners.size === 0) return;
    const current = new Set<string>();
    for (const pod of pods) {
      const key = `${app}/${pod.metadata.name}`;
      current.add(key);
      const status = appContainer(pod);
      const restarts: number = status?.restartCount ?? 0;
      const created = Date.parse(pod.metadata.creationTimestamp ?? '');
      const told =
        this.seen.get(key) ??
        (Number.isNaN(created) || created < this.since ? restarts : 0);
      this.seen.set(key, Math.max(told, restarts));
      if (restarts > told)
        void this.tell(client, app, pod, status, restarts).catch(error =>
          this.logger.warn(
            `Could not read the previous log of ${app}/${pod.metadata.name}: ${error}`,
          ),
        );
    }
    for (const key of this.seen.keys())
      if (key.startsWith(`${app}/`) && !current.has(key)) this.seen.delete(key);
  }

  private async tell(
    client: KubeClient,
    app: string,
    pod: KubeObject,
    status: any,
    restarts: number,
  ): Promise<void> {
    const release = releaseOf(pod.metadata.labels);
    const lines = this.previousLines ? await previousLog(client, app, pod) : [];
    for (const line of lines) this.emit(app, { ...line, kind: 'app', release });
    const source = toLogLine(pod, '').source;
    const ended = status?.lastState?.terminated;
    const finished = Date.parse(ended?.finishedAt ?? '');
    const lastLine = lines.length ? Date.parse(lines.at(-1)!.time) : 0;
    // After the run's own last lines, even when the kubelet's clock and the log's differ.
    const time = new Date(
      Math.max(Number.isNaN(finished) ? Date.now() : finished, lastLine),
    ).toISOString();
    const how = ended
      ? `exited with code ${ended.exitCode}${
          ended.reason ? ` (${ended.reason})` : ''
        }`
      : 'exited';
    this.emit(app, {
      time,
      source,
      kind: 'platform',
      release,
      line: `Process ${how}; restarted by Kubernetes (restart ${restarts})`,
    });
  }

  private emit(app: string, line: CapturedLogLine) {
    for (const listener of this.listeners) {
      try {
        listener(app, line);
      } catch (error) {
        this.logger.warn(`A log line listener failed: ${error}`);
      }
    }
  }
}

/** The status of the pod's app container (named after its process type). */
function appContainer(pod: KubeObject): any {
  const type = pod.metadata.labels?.[LABEL_TYPE];
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  return statuses.find(s => s.name === type) ?? statuses[0];
}

async function previousLog(client: KubeClient, app: string, pod: KubeObject) {
  // The kubelet may not know of the restart yet that the API server shows: asked again, waiting longer.
  for (const wait of [500, 1000, 2000, 0]) {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await client.podLog(
        namespaceOf(app),
        pod.metadata.name,
        pod.metadata.labels![LABEL_TYPE],
        { previous: true, tailLines: PREVIOUS_LINES },
      );
    } catch (error) {
      // Gone meanwhile, or the kubelet keeps no previous run: only the exit is told.
      const status = (error as { status?: number }).status;
      if (status === 400 && wait > 0) {
        await new Promise(resolve => setTimeout(resolve, wait));
        continue;
      }
      if (status === 404 || status === 400) return [];
      throw error;
    }
    const lines = [];
    for await (const text of createInterface({ input: stream })) {
      const line = toLogLine(pod, text);
      // A kubelet whose previous container is already gone answers 200 with this instead of a log.
      if (line.line.startsWith('unable to retrieve container logs')) return [];
      if (text !== '') lines.push(line);
    }
    return lines;
  }
  return [];
}
