import type { Procfile } from '@slipway/plugin-slipway-common';

export type BuildRequest = {
  app: string;
  /** Directory holding the checked-out source of the pushed commit. */
  sourceDir: string;
  sha: string;
  /** The build's id in the ledger, when it is recorded before it runs (labels the build's Kubernetes Job). */
  buildId?: string;
  /** Receives build output as it happens (streamed to `git push`). */
  log: (chunk: string) => void;
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
}
