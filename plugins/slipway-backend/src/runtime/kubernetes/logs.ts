import type { LogLine } from '@slipway/plugin-slipway-common';
import type { LogOptions } from '@slipway/plugin-slipway-node';
import { createInterface } from 'node:readline';
import { AsyncQueue } from './asyncQueue';
import type { KubeClient, KubeObject } from '../../kubernetes/KubeClient';
import {
  LABEL_APP,
  LABEL_ROLE,
  LABEL_TYPE,
  checkType,
  namespaceOf,
} from '../../kubernetes/names';
import { toLogLine } from './pods';

/** How often a followed log looks for new pods. */
export const NEW_POD_POLL_MS = 2000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The log lines of an app's processes (all pods, or those of one type): the last `lines`, oldest first;
 * with `follow`, then every new line of those pods as it arrives, until `signal` aborts.
 * A pod that goes away meanwhile (a rollout replaced it) is skipped, not an error.
 */
export function appLogs(
  client: KubeClient,
  app: string,
  options: LogOptions,
): AsyncIterable<LogLine> {
  const namespace = namespaceOf(app);
  const selector = `${LABEL_APP}=${app},${LABEL_TYPE}${
    options.type ? `=${checkType(options.type)}` : ''
  }`;
  const lines = Math.max(1, Math.min(options.lines ?? 100, 10_000));
  const queue = new AsyncQueue<LogLine>();

  const eachLine = async (
    pod: KubeObject,
    logOptions: Parameters<KubeClient['podLog']>[3],
    onLine: (line: LogLine) => void,
  ) => {
    let stream: NodeJS.ReadableStream;
    try {
      stream = await client.podLog(
        namespace,
        pod.metadata.name,
        pod.metadata.labels![LABEL_TYPE],
        logOptions,
      );
    } catch (error) {
      const status = (error as { status?: number }).status;
      // A pod gone meanwhile; with `previous`, a container that never restarted (the kubelet answers 400).
      if (status === 404 || (logOptions.previous && status === 400)) return;
      throw error;
    }
    for await (const text of createInterface({ input: stream }))
      onLine(toLogLine(pod, text));
  };

  const collect = async () => {
    const pods = (await client.list('v1', 'Pod', namespace, selector)).filter(
      pod => pod.metadata.labels?.[LABEL_ROLE] === undefined,
    );
    const backlog: LogLine[] = [];
    await Promise.all(
      pods.map(pod =>
        eachLine(
          pod,
          { tailLines: lines, ...(options.previous ? { previous: true } : {}) },
          line => backlog.push(line),
        ),
      ),
    );
    backlog.sort((a, b) => a.time.localeCompare(b.time));
    backlog.slice(-lines).forEach(line => queue.push(line));
    if (!options.follow || options.signal?.aborted) return;

    // Follow: from now on, new lines of every pod in the order they arrive, including pods that start
    // later (a deploy, a restart, a scale-up): they are looked for every few seconds.
    const since = new Date().toISOString();
    const followed = new Set<string>();
    const following: Promise<void>[] = [];
    const follow = (pod: KubeObject) => {
      followed.add(pod.metadata.name);
      const sinceTime = pods.includes(pod) ? since : undefined;
      following.push(
        eachLine(
          pod,
          { follow: true, sinceTime, signal: options.signal },
          line => queue.push(line),
        ),
      );
    };
    pods.forEach(follow);
    while (!options.signal?.aborted) {
      await sleep(NEW_POD_POLL_MS, options.signal);
      if (options.signal?.aborted) break;
      const now = await client
        .list('v1', 'Pod', namespace, selector)
        .catch(() => []);
      now
        .filter(
          pod =>
            pod.metadata.labels?.[LABEL_ROLE] === undefined &&
            !followed.has(pod.metadata.name),
        )
        .forEach(follow);
    }
    await Promise.all(following);
  };
  collect().then(
    () => queue.close(),
    error => queue.close(error),
  );
  options.signal?.addEventListener('abort', () => queue.close(), {
    once: true,
  });
  return queue;
}
