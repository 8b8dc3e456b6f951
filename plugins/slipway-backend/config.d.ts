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
     * Retained logs: the newest lines of each app (process output, Slipway's own lines, the
     * router's line per request) kept in the database across restarts. The oldest go first.
     */
    logs?: {
      retain?: {
        /** Lines kept per app (default 10000, at least 100). */
        lines?: number;
        /** Bytes of line text kept per app (default 5 MiB, at least 64 KiB). */
        bytes?: number;
      };
      drains?: {
        /**
         * CIDRs drains may reach although they are refused by default (loopback, private,
         * link-local, reserved): a drain URL is an SSRF vector. The backend's own ports stay refused.
         */
        allowAddresses?: string[];
        /** Lines held per drain while it is down or slow (default 10000); then the oldest are dropped. */
        buffer?: number;
      };
      /** Retaining the output of running pods (kubernetes runtime). */
      kubernetes?: {
        /** Follow and retain every running app pod's output (default true). */
        follow?: boolean;
        /** Pods one replica follows at most (one API connection each; default 500). */
        maxPods?: number;
        /** How often app pods are listed to start and stop followers (default 5 s). */
        interval?: HumanDuration | string;
      };
    };
    /**
     * Which build executor builds pushed source, by name: `local` (slugs on this machine; the default with
     * the local runtime), `kubernetes` (a Job per build, images in a registry; the default with the
     * kubernetes runtime) or one a backend module adds. `local` with the kubernetes runtime is refused.
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
    /**
     * How long a backend replica's leases last without renewal (renewed every third of it):
     * after a replica dies, its builds and release phases are failed by another within this
     * time (plus the sweep's 5 seconds). Defaults to 15 seconds.
     */
    leaseTime?: HumanDuration | string;
    /**
     * How often each backend instance re-judges the health of apps whose processes may have
     * changed unreported (crash loops ending, or every running app on a runtime that reports no
     * process changes, such as Kubernetes). Defaults to 10 seconds.
     */
    healthInterval?: HumanDuration | string;
    /**
     * App metrics kept in the ledger's own time series (per-minute points). The builtin router
     * counts requests in process; with the `ingress` router, requests are read from the Prometheus
     * that scrapes ingress-nginx (`prometheus.url`); process memory and CPU come from the sandboxes'
     * cgroups (local) or metrics-server (kubernetes).
     */
    metrics?: {
      /** Whether the router counts requests and process memory/CPU is sampled each minute (default true). */
      enabled?: boolean;
      /** Days of points kept (default 14, 1 to 90); older ones are pruned hourly. */
      retentionDays?: number;
      /**
       * The Prometheus that scrapes ingress-nginx (only with `slipway.router: ingress`; the `gateway`
       * router is refused: Gateway implementations share no metrics). Requests, latency and bytes
       * of each app are read from it with `/api/v1/query_range`.
       */
      prometheus?: {
        /** Base URL, e.g. `http://prometheus.monitoring:9090` (http or https). */
        url: string;
        /** Seconds a query may take (default 10, 1 to 120). */
        timeoutSeconds?: number;
      };
    };
    /** Pipelines and promotions. */
    pipelines?: {
      /**
       * How long a promotion into an app with `settings.requireApproval` waits for a different
       * user's approval before it expires. Defaults to 24 hours.
       */
      approvalTimeout?: HumanDuration | string;
    };
    /** The `local` runtime (processes on this machine). Durations in seconds. */
    local?: {
      /** Ports handed out as PORT, e.g. "20000-29999"; default: any free port. */
      portRange?: string;
      /** Readiness wait for scale-up and restart (deploys use the app's deployTimeout). Default 60. */
      readyTimeout?: number;
      /** How long replaced processes keep serving after the switch before SIGTERM. Default 5. */
      drainSeconds?: number;
      /** SIGTERM → SIGKILL grace. Default 10. */
      stopTimeout?: number;
      /** Crash restart backoff: first delay (default 1), doubling up to maxRestartDelay (default 60). */
      restartDelay?: number;
      maxRestartDelay?: number;
      /** A process that ran this long before exiting starts its backoff over. Default 10. */
      stableSeconds?: number;
      /** Crashes in a row after which a rollout gives up waiting. Default 3. */
      crashLoopCrashes?: number;
      /** Longest a one-off run may take; then exit code 124. Default 600. */
      runTimeout?: number;
      /** Log lines kept in memory per app (default 2000). */
      logLines?: number;
      /** Log file rotation size in bytes (default 10 MiB). */
      logFileBytes?: number;
      /**
       * Largest pushed source tree, in bytes (the apparent sizes of its files; default 512 MiB),
       * checked before it is checked out; on every builder, also `kubernetes`. Larger pushes are refused.
       */
      maxSourceBytes?: number;
      /** The `local` build executor. */
      builder?: {
        /** How long one build may take; default 15 minutes. */
        timeout?: HumanDuration | string;
        /** npm's `registry`. */
        npmRegistry?: string;
        /** Passed as npm_config_<name>, e.g. { 'fetch-retries': '0' }. */
        npmConfig?: { [name: string]: string };
        /** PIP_INDEX_URL. */
        pipIndexUrl?: string;
      };
      /**
       * How builds and processes of the local runtime are sandboxed (bubblewrap). Without bwrap they
       * run unsandboxed with a warning on every start, unless `required` is true (then the backend
       * refuses to start).
       */
      sandbox?: {
        /** The user and group pushed code runs as; default 65534 (nobody). Never 0. */
        uid?: number;
        gid?: number;
        /** Refuse to start when bubblewrap cannot sandbox on this machine. Default false. */
        required?: boolean;
      };
      /**
       * Limits of each sandboxed process, one-off run and build step (cgroups; needs a backend running as
       * root). A release's `limits` of a process type replace `defaultMemory` and add a CPU quota.
       * Sizes are quantities like 512Mi or 1Gi.
       */
      limits?: {
        /** Memory (with swap) of a process without a release limit. Default 512Mi. */
        defaultMemory?: string;
        /** Processes and threads at once. Default 256. */
        pids?: number;
        /** Size of the private /tmp (and /dev/shm). Default 256Mi. */
        tmpSize?: string;
        /** Size of the private HOME. Default 256Mi. */
        homeSize?: string;
        /** The most memory a release may set for a process type (more is refused with 400). Default 2Gi. */
        maxMemory?: string;
        /** The most CPU a release may set for a process type, e.g. 2 or 1500m. Default 2. */
        maxCpu?: string | number;
        /** CPU quota of a process whose release sets none, and of build steps. Default 1. */
        defaultCpu?: string | number;
        /** Memory of all sandboxes together (the parent `slipway` cgroup). Default 75% of the host's memory. */
        totalMemory?: string;
        /** Processes and threads of all sandboxes together. Default 16384. */
        totalPids?: number;
        /** The same for build steps. Defaults 2Gi, 1024, 1Gi, 1Gi. */
        build?: {
          defaultMemory?: string;
          pids?: number;
          tmpSize?: string;
          homeSize?: string;
        };
      };
    };

    /** The git remote (`/api/slipway/git/<app>.git`). */
    git?: {
      /** Largest push in bytes (git receive.maxInputSize); default 536870912. */
      maxPushBytes?: number;
      /** Lifetime of a new deploy token unless its creator asks for another; default 90 days. */
      tokenTtl?: HumanDuration | string;
      /** Longest lifetime a deploy token may be given (`expiresInDays`); default 365 days. */
      maxTokenTtl?: HumanDuration | string;
    };

    /** Automatic TLS (`autoTls`) on the builtin router: certificates from an ACME directory over HTTP-01. */
    acme?: {
      /** Default Let's Encrypt; staging: https://acme-staging-v02.api.letsencrypt.org/directory. Must be https. */
      directoryUrl?: string;
      /** The ACME account's contact. */
      email?: string;
      /** Renew this long before expiry (default 30 days), e.g. `{ days: 30 }` or `30d`. */
      renewBefore?: HumanDuration | string;
      /** Retry a failed domain after this long (default 1 hour), doubled per failure in a row, at most 7 days. */
      retryAfter?: HumanDuration | string;
      /** At most this many ACME orders per app per hour (default 10); the rest wait for the next run. */
      ordersPerAppPerHour?: number;
    };

    /** The `builtin` router (in-process HTTP/HTTPS reverse proxy). */
    builtin?: {
      /** Default 8080. */
      httpPort?: number;
      /** Default 8443. */
      httpsPort?: number;
      /** Address both listen on. Default 127.0.0.1. */
      host?: string;
      /** Open connections at most, over all clients (each server). Default 10000. */
      maxConnections?: number;
      /** Open connections at most from one client address; more are closed at once. Default 256. */
      maxConnectionsPerClient?: number;
      /**
       * Where sandboxed apps reach the router (127.0.0.1 only; pasta forwards a sandbox's own
       * httpPort/httpsPort here), apart from outside clients. Default httpPort + 10, httpsPort + 10.
       */
      appHttpPort?: number;
      appHttpsPort?: number;
      /** Open connections at most from every sandboxed app together, on the app ports. Default 1024. */
      maxAppConnections?: number;
      /** Seconds a client has to send a request's headers (cuts off slowloris clients). Default 20. */
      headersTimeout?: number;
      /** Seconds an idle keep-alive connection stays open. Default 5. */
      keepAliveTimeout?: number;
    };

    /** The `nginx` router (`router: nginx`). */
    nginx?: {
      /** nginx binary. Default `nginx` (from PATH). */
      binary?: string;
      /** nginx.conf versions, certs (dir 0700, files 0600), logs, temp files. Default `<dataDir>/nginx`. Only letters, digits and `._/-`. */
      configDir?: string;
      /** Public HTTP port. Default 80. */
      httpPort?: number;
      /** Public HTTPS port. Default 443. */
      httpsPort?: number;
      /** Loopback-only port answering the live config's hash, used to confirm reloads. Default 18081. */
      statusPort?: number;
      /**
       * Loopback UDP port the backend listens on for nginx's line per request (syslog, JSON with a secret kept in
       * `<configDir>/access-log/feed-format.conf`, mode 0600): the router lines of the retained logs and the request
       * metrics. Default 18082.
       */
      accessLogPort?: number;
      /** false: nginx sends no line per request to the backend (no router lines, no request metrics). Default true. */
      accessLogFeed?: boolean;
      /**
       * Loopback-only port of the backend's ACME HTTP-01 responder (autoTls): nginx forwards the challenge path of
       * autoTls apps to it. Default 18083.
       */
      acmeChallengePort?: number;
      /**
       * true (default): where Debian's libnginx-mod-http-lua and lua-resty-core are installed, app endpoints live in a
       * Lua shared dictionary changed through the loopback status port (token-protected), so deploy/scale/rollback/restart
       * do not reload nginx. false, or the module missing: endpoints are rendered into nginx.conf and every change reloads.
       */
      dynamicUpstreams?: boolean;
      /** true (default): start and supervise our own nginx master. false: signal the operator's nginx, run with `-c <configDir>/current/nginx.conf`. */
      manage?: boolean;
      /** pid file of the nginx master (rendered as `pid`). Default `<configDir>/run/nginx.pid`. */
      pidFile?: string;
      /** `worker_processes`. Default `auto`. */
      workerProcesses?: number | 'auto';
      /** Seconds a reload may take before it is rolled back. Default 15. */
      reloadTimeoutSeconds?: number;
      /** Platform-wide proxy defaults: timeouts in seconds, body size like `1m`. Defaults 5 / 60 / 60 / `1m`. */
      defaults?: {
        connectTimeout?: number;
        readTimeout?: number;
        sendTimeout?: number;
        bodySize?: string;
      };
      /** The most an app may set. Defaults 75 / 3600 / 3600 / `1g`. */
      max?: {
        connectTimeout?: number;
        readTimeout?: number;
        sendTimeout?: number;
        bodySize?: string;
      };
    };

    /** The `kubernetes` runtime and the `ingress` and `gateway` routers. */
    kubernetes?: {
      /** Same shape as the Kubernetes plugin's clusters; or `inCluster: true`. */
      clusters?: Array<{
        name: string;
        url?: string;
        authProvider?: 'serviceAccount';
        /** @visibility secret */
        serviceAccountToken?: string;
        caData?: string;
        caFile?: string;
        skipTLSVerify?: boolean;
        inCluster?: boolean;
      }>;
      /** Cluster for apps whose cluster is empty or `default` (else the only cluster). */
      defaultCluster?: string;
      /** Pull Secret name pods reference; default `slipway-registry` when `registry` is set. */
      imagePullSecret?: string;
      registry?: {
        server: string;
        username: string;
        /** @visibility secret */
        password: string;
      };
      retry?: {
        attempts?: number;
        baseDelayMs?: number;
        requestTimeoutMs?: number;
      };
      /** Seconds a one-off command may run (default 600). */
      runTimeout?: number;
      /**
       * Name of this installation when several share one cluster (a DNS label): the routers then label what
       * they write `slipway.io/router: <router>.<instance>` and only list and remove objects with that label.
       */
      instance?: string;
      /**
       * Pod Security level enforced on app namespaces (label `pod-security.kubernetes.io/enforce`; default restricted).
       * An app whose image must run as root (setting `runAsNonRoot: false`) gets `baseline` instead of `restricted`.
       */
      podSecurity?: 'privileged' | 'baseline' | 'restricted';
      /** Every pod Slipway renders: processes, one-off runs, release-phase and build Jobs. Checked at startup. */
      pods?: {
        /** Labels the nodes must have (over an app's tags), e.g. `[{key: node-role/apps, value: "true"}]`. */
        nodeSelector?: Array<{ key: string; value: string }>;
        /** Tolerations of the app nodes' taints (the Kubernetes toleration shape). */
        tolerations?: Array<{
          key?: string;
          operator?: 'Equal' | 'Exists';
          value?: string;
          effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
          tolerationSeconds?: number;
        }>;
        /** uid and gid of non-root app containers (default 1000; never 0). */
        runAsUser?: number;
        /** Seconds a new pod must stay ready before a rollout counts it (default 3). */
        minReadySeconds?: number;
        /**
         * Whether an app may run as root with its setting `runAsNonRoot: false` (default false: the setting is
         * refused, and apps that stored it earlier run non-root anyway). Root in a pod is root on the node.
         */
        allowRoot?: boolean;
      };
      /** The NetworkPolicy of every app namespace. */
      networkPolicy?: {
        /** Default true. */
        enabled?: boolean;
        /**
         * Namespaces whose pods may connect to app pods (besides the app's own). Default: the Gateway's namespace
         * with the gateway router, else `ingress-nginx`.
         */
        allowFrom?: string[];
      };
      /** Builds on Kubernetes (`slipway.builder: kubernetes`); see docs/kubernetes.md, "Builds". */
      build?: {
        /** The backend's Slipway URL as build pods reach it (the address builders fetch the pushed source from), e.g. `http://backstage.backstage.svc:7007/api/slipway`. Required. */
        sourceBaseUrl?: string;
        /** Images go to `<repository>/<app>:<short sha>`. Default `<registry.server>/slipway`. */
        repository?: string;
        /** The registry API as the backend reaches it, to verify digests. Default `https://<repository host>`. */
        registryUrl?: string;
        /** Check that the pushed digest exists in the registry before releasing it. Default true. */
        verifyDigest?: boolean;
        /** Push credentials, mounted into build pods only. Default `registry.username`/`password`. */
        push?: {
          username: string;
          /** @visibility secret */
          password: string;
        };
        /** Cloud Native Buildpacks builder image. Default `heroku/builder:24`. */
        builder?: string;
        /** Rootless BuildKit image for a root `Dockerfile`. Default `moby/buildkit:v0.18.2-rootless`. */
        dockerfileBuilder?: string;
        /** Image with `sh`, `curl` and `tar` that fetches the source (it runs with a read-only root). Default `curlimages/curl:8.11.1`. */
        fetcher?: string;
        /** Cluster builds run on. Default `defaultCluster`. */
        cluster?: string;
        /** Requests and limits of every build container. Default requests 500m/1Gi, limits 2/4Gi. */
        resources?: {
          requests?: { cpu?: string; memory?: string };
          limits?: { cpu?: string; memory?: string };
        };
        /** Seconds a build may take (the Job's activeDeadlineSeconds). Default 1800. */
        deadlineSeconds?: number;
        /** Seconds a finished build Job is kept (ttlSecondsAfterFinished). Default 3600. */
        ttlSecondsAfterFinished?: number;
        /** Seconds a build's source token is valid. Default 300. */
        sourceTokenSeconds?: number;
        /** The user the CNB lifecycle runs as (the builder image's CNB user). Default 1002:1000 (heroku/builder:24). */
        cnbUser?: { uid?: number; gid?: number };
      };
      ingress?: {
        cluster?: string;
        className?: string;
        issuer?: { kind?: 'ClusterIssuer' | 'Issuer'; name?: string };
        hsts?: 'snippet' | 'controller';
        https?: boolean;
      };
      gateway?: {
        cluster?: string;
        name: string;
        namespace: string;
        httpListener?: string;
        httpsListener?: string;
        https?: boolean;
      };
    };
  };
}
