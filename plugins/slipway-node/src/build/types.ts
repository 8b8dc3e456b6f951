import type { Procfile } from '@slipway/plugin-slipway-common';

export type BuildRequest = {
  app: string;
  /** Directory holding the checked-out source of the pushed commit. */
  sourceDir: string;
  sha: string;
  /** The build's id in the ledger, when it is recorded before it runs (labels the build's Kubernetes Job). */
  buildId?: string;
  /**
   * Receives build output as it happens (streamed to `git push`). Callable without awaiting; when
   * it returns a promise, the consumer is behind (a slow client) and the executor should produce
   * no more output until it settles (e.g. stop reading the build's output pipe): backpressure
   * that keeps the backend's memory bounded.
   */
  log: (chunk: string) => void | Promise<void>;
  signal?: AbortSignal;
};

export type BuildOutcome = {
  /** Image reference or `slug:<sha256>`. */
  image: string;
  procfile: Procfile;
};

/** Turns pushed source into something a runtime can run. Implementations: `local`, `kubernetes`. */
export interface BuildExecutor {
  build(request: BuildRequest): Promise<BuildOutcome>;
  /**
   * The longest one build can take. A build still running after that was left by a backend that
   * stopped, and is failed (default one hour).
   */
  readonly maxBuildMs?: number;
}
