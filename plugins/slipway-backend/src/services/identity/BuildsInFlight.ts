/** Who a push acts as: the deploy token presented and the owner the app had when it was checked. */
export type PushIdentity = {
  userEntityRef: string;
  tokenId: string;
  owner: string;
};

type Entry = {
  identity: PushIdentity;
  cancel: (reason: string) => void;
  done: Promise<void>;
};

/**
 * The pushes of this backend whose builds are running, by app, so that a change of who may push
 * (a transfer, a token revoked, the app deleted) stops them at once: a build started by the old
 * owner must not go on to release with the new owner's config. Builds on other backend replicas
 * are stopped by the check each push makes again before it releases.
 */
export class BuildsInFlight {
  private readonly byApp = new Map<string, Set<Entry>>();

  /**
   * Tracks a build until `done` settles; `cancel` is called with the reason when it must stop
   * (it kills the build: the sandbox or the Job).
   */
  track(
    app: string,
    identity: PushIdentity,
    cancel: (reason: string) => void,
    done: Promise<unknown>,
  ): void {
    const entry: Entry = {
      identity,
      cancel,
      done: done.then(
        () => undefined,
        () => undefined,
      ),
    };
    const entries = this.byApp.get(app) ?? new Set();
    entries.add(entry);
    this.byApp.set(app, entries);
    entry.done.then(() => {
      entries.delete(entry);
      if (entries.size === 0 && this.byApp.get(app) === entries)
        this.byApp.delete(app);
    });
  }

  /**
   * Cancels the app's builds (those pushed with `tokenId` only, when given) and resolves when
   * they have ended, so that what is removed next (a deleted app's cache) is no longer in use.
   */
  async cancel(
    app: string,
    reason: string,
    only?: { tokenId: string },
  ): Promise<number> {
    const stopped = [...(this.byApp.get(app) ?? [])].filter(
      entry => !only || entry.identity.tokenId === only.tokenId,
    );
    for (const entry of stopped) entry.cancel(reason);
    await Promise.all(stopped.map(entry => entry.done));
    return stopped.length;
  }

  /** How many builds of `app` run (for tests). */
  running(app: string): number {
    return this.byApp.get(app)?.size ?? 0;
  }
}
