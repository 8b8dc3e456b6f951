import type { KubeClient, KubeObject } from './KubeClient';

/**
 * Watches a collection until `done` says the objects seen so far are what we wait for, or `timeoutMs` passes.
 * A watch without resourceVersion starts with the current objects (ADDED events), so nothing is missed.
 * Resolves with the last state of every object seen and whether `done` was reached.
 */
export async function watchUntil(
  client: KubeClient,
  collectionPath: string,
  query: Record<string, string>,
  done: (objects: Map<string, KubeObject>) => boolean,
  timeoutMs: number,
): Promise<{ reached: boolean; objects: Map<string, KubeObject> }> {
  const objects = new Map<string, KubeObject>();
  const deadline = Date.now() + timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let reached = false;
  try {
    // The server may end a watch early (its own timeout); watch again until the deadline.
    while (!reached && Date.now() < deadline) {
      const seconds = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
      objects.clear();
      const started = Date.now();
      await client
        .watch(
          collectionPath,
          { ...query, timeoutSeconds: String(seconds) },
          event => {
            const name = event.object?.metadata?.name;
            if (!name) return;
            if (event.type === 'DELETED') objects.delete(name);
            else if (event.type === 'ADDED' || event.type === 'MODIFIED')
              objects.set(name, event.object);
            if (!reached && done(objects)) {
              reached = true;
              controller.abort();
            }
          },
          controller.signal,
        )
        .catch(() => undefined); // a broken watch is retried below, until the deadline
      if (!reached && done(objects)) reached = true;
      if (!reached && Date.now() - started < 250) {
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { reached, objects };
}
