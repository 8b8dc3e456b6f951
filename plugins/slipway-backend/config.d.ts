import type { HumanDuration } from '@backstage/types';

export interface Config {
  slipway?: {
    /**
     * Which runtime runs releases, by name: `local` (processes on this machine, the default),
     * `kubernetes`, or one a backend module adds.
     */
    runtime?: string;
    /**
     * Which router routes traffic, by name: `builtin` (the default), `nginx`, `ingress`, `gateway`,
     * or one a backend module adds.
     */
    router?: string;
    /**
     * Which build executor builds pushed source, by name: `local` or `kubernetes`.
     */
    builder?: string;
    /**
     * Platform domain: apps are reached at `<app>.<domain>`. Defaults to `localhost`.
     */
    domain?: string;
    /**
     * Cluster of apps created without one. Defaults to `local` with the local runtime, else `default`.
     */
    defaultCluster?: string;
    /**
     * Base64 of a 32-byte key that encrypts config values and private keys at rest (AES-256-GCM).
     * Also read from env `SLIPWAY_ENCRYPTION_KEY`. Required in production; elsewhere a development
     * key is generated in `<dataDir>/encryption.key`.
     * @visibility secret
     */
    encryptionKey?: string;
    /**
     * Where repositories, slugs, logs and router files live. Defaults to `.slipway` in the working directory.
     */
    dataDir?: string;
    /**
     * How often every app is reconciled to heal drift. Defaults to 30 seconds.
     */
    reconcileInterval?: HumanDuration | string;
  };
}
