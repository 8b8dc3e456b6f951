export interface Config {
  slipway?: {
    /**
     * Which runtime runs releases: `local` (processes on this machine, the embedded default) or `kubernetes`.
     */
    runtime?: 'local' | 'kubernetes';
    /**
     * Which router routes traffic: `builtin` (embedded default), `nginx`, `ingress` or `gateway`.
     */
    router?: 'builtin' | 'nginx' | 'ingress' | 'gateway';
    /**
     * Platform domain: apps are reached at `<app>.<domain>`. Defaults to `localhost`.
     */
    domain?: string;
    /**
     * Base64 of a 32-byte key that encrypts config values and private keys at rest (AES-256-GCM).
     * Required in production; the embedded default generates one under `dataDir`.
     * @visibility secret
     */
    encryptionKey?: string;
    /**
     * Where repositories, slugs and logs live. Defaults to `.slipway` in the working directory.
     */
    dataDir?: string;
  };
}
