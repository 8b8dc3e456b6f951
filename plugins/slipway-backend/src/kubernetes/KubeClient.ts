import {
  KubeConfig,
  KubernetesObjectApi,
  Log,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { FIELD_MANAGER } from './names';
import { RetryPolicy, statusOf, withRetries } from './retry';

/** A Kubernetes object as JSON; the manifests are built with client-node's typed models. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: any;
  };
  [field: string]: any;
};

export type WatchEvent = { type: string; object: KubeObject };

/**
 * The few API operations Slipway uses, each with bounded retries. Writes go through server-side apply
 * with field manager `slipway`, so the API server merges them with what others (HPA, kubectl) own.
 */
export class KubeClient {
  private readonly objects: KubernetesObjectApi;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly retry: RetryPolicy,
  ) {
    this.objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  }

  /** The object, or undefined when it does not exist. */
  async read<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await withRetries(
        `GET ${kind} ${path(namespace, name)}`,
        this.retry,
        () =>
          this.objects.read<T>({
            apiVersion,
            kind,
            metadata: { name, namespace },
          }),
        { retryOn404: false },
      );
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async list<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    labelSelector?: string,
  ): Promise<T[]> {
    const result = await withRetries(
      `LIST ${kind} ${namespace ?? '(all namespaces)'}`,
      this.retry,
      () =>
        this.objects.list<T>(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelector,
        ),
      { retryOn404: false },
    );
    return result.items.map(item => ({ ...item, apiVersion, kind }));
  }

  /** Server-side apply (force: Slipway is the authority for the fields it sets). */
  async apply<T extends KubeObject>(
    object: T,
    fieldManager = FIELD_MANAGER,
  ): Promise<T> {
    return this.patch(
      'APPLY',
      object,
      fieldManager,
      true,
      PatchStrategy.ServerSideApply,
    );
  }

  /** A strategic-merge patch under its own field manager (used for rollout restarts, like kubectl). */
  async mergePatch<T extends KubeObject>(
    object: T,
    fieldManager: string,
  ): Promise<T> {
    return this.patch(
      'PATCH',
      object,
      fieldManager,
      undefined,
      PatchStrategy.StrategicMergePatch,
    );
  }

  private patch<T extends KubeObject>(
    verb: string,
    object: T,
    fieldManager: string,
    force: boolean | undefined,
    strategy: PatchStrategy,
  ): Promise<T> {
    return withRetries(
      `${verb} ${object.kind} ${path(
        object.metadata?.namespace,
        object.metadata?.name,
      )}`,
      this.retry,
      () =>
        this.objects.patch<T>(
          object,
          undefined,
          undefined,
          fieldManager,
          force,
          strategy,
        ),
    );
  }

  /** Deletes an object; false when it was already gone. */
  async delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<boolean> {
    try {
      await withRetries(
        `DELETE ${kind} ${path(namespace, name)}`,
        this.retry,
        () =>
          this.objects.delete(
            { apiVersion, kind, metadata: { name, namespace } },
            undefined,
            undefined,
            undefined,
            undefined,
            'Background',
          ),
        { retryOn404: false },
      );
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  }

  /**
   * Watches a collection (e.g. `/apis/apps/v1/namespaces/x/deployments`) from `resourceVersion` until `signal` aborts
   * or the server closes the stream; resolves then.
   */
  async watch(
    collectionPath: string,
    query: Record<string, string>,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve, reject) => {
      new Watch(this.kubeConfig)
        .watch(
          collectionPath,
          { allowWatchBookmarks: false, ...query },
          (type, object) => onEvent({ type, object }),
          error => (error && !signal.aborted ? reject(error) : resolve()),
        )
        .then(controller => {
          if (signal.aborted) controller.abort();
          signal.addEventListener('abort', () => controller.abort(), {
            once: true,
          });
        }, reject);
    });
  }

  /** A pod's log as a stream of text. `follow` keeps it open until `signal` aborts. */
  async podLog(
    namespace: string,
    pod: string,
    container: string,
    options: {
      follow?: boolean;
      tailLines?: number;
      sinceTime?: string;
      timestamps?: boolean;
      /** The log of the container's previous (crashed) run. */
      previous?: boolean;
      signal?: AbortSignal;
    },
  ): Promise<NodeJS.ReadableStream> {
    const stream = new PassThrough();
    const controller = await withRetries(
      `GET log of pod ${path(namespace, pod)}`,
      this.retry,
      () =>
        new Log(this.kubeConfig).log(namespace, pod, container, stream, {
          follow: options.follow,
          tailLines: options.tailLines,
          sinceTime: options.sinceTime,
          timestamps: options.timestamps ?? true,
          ...(options.previous ? { previous: true } : {}),
        }),
      { retryOn404: false },
    );
    const abort = () => {
      controller.abort();
      stream.end();
    };
    // Aborted while the request was being made: closed at once (the listener would never fire).
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    return stream;
  }
}

function path(namespace: string | undefined, name: string | undefined): string {
  return namespace ? `${namespace}/${name}` : String(name);
}

export { statusOf };
