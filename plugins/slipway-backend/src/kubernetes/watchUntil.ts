import type { KubeClient, KubeObject } from './KubeClient';

type Done = (objects: Map<string, KubeObject>) => boolean;

/**
 * Watches a collection until `done` says the objects seen so far are what we wait for, or `timeoutMs` passes.
 * A watch without resourceVersion starts with the current objects (ADDED events), so nothing is missed.
 * Resolves with the last state of every object seen and whether `done` was reached.
 */
export async function watchUntil(
  client: KubeClient,
  collectionPath: string,
  query: Record<string, string>,
  done: Done,
  timeoutMs: number,
  /** Ends the watch early (not reached), e.g. when something else decided the outcome. */
  stop?: AbortSignal,
): Promise<{ reached: boolean; objects: Map<string, KubeObject> }> {
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onStop = () => controller.abort();
  stop?.addEventListener('abort', onStop, { once: true });
  let objects = new Map<string, KubeObject>();
  try {
    // The server may end a watch early (its own timeout, a broken connection): watch again until the deadline.
    while (Date.now() < deadline && !stop?.aborted) {
      const started = Date.now();
      const seconds = Math.max(1, Math.ceil((deadline - started) / 1000));
      const round = await watchOnce(
        client,
        collectionPath,
        { ...query, timeoutSeconds: String(seconds) },
        done,
        controller,
      );
      objects = round.objects;
      if (round.reached) return { reached: true, objects };
      if (Date.now() - started < 250)
        await new Promise(resolve => setTimeout(resolve, 250));
    }
    return { reached: false, objects };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', onStop);
    controller.abort();
  }
}

async function watchOnce(
  client: KubeClient,
  collectionPath: string,
  query: Record<string, string>,
  done: Done,
  controller: AbortController,
) {
  const objects = new Map<string, KubeObject>();
  let reached = false;
  const stop = new AbortController();
  const abort = () => stop.abort();
  controller.signal.addEventListener('abort', abort, { once: true });
  try {
    await client.watch(
      collectionPath,
      query,
      event => {
        const name = event.object?.metadata?.name;
        if (!name || reached) return;
        if (event.type === 'DELETED') objects.delete(name);
        else if (event.type === 'ADDED' || event.type === 'MODIFIED')
          objects.set(name, event.object);
        if (done(objects)) {
          reached = true;
          stop.abort();
        }
      },
      stop.signal,
    );
  } catch {
    // A broken watch is retried by the caller until the deadline.
  } finally {
    controller.signal.removeEventListener('abort', abort);
  }
  return { reached: reached || done(objects), objects };
}
