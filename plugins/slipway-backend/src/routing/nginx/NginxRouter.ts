import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  AccessLogEntry,
  Route,
  TrafficRouter,
  RouterApplyResult,
  RouteTable,
} from '@slipway/plugin-slipway-node';
import { NginxAccessLog } from './accessLog/NginxAccessLog';
import type { AcmeChallenges } from '../../acme';
import { AcmeResponder } from './acmeResponder';
import { endpointOnlyChanges, type AppliedRoutes } from './appliedRoutes';
import { CertStore, checkCert, type CertMaterial } from './certs';
import { checkRoute } from './checkRoute';
import { ConfigStore } from './configStore';
import { findCulprit } from './findCulprit';
import { EndpointSync, installLua } from './lua/endpoints';
import { emergencies, testConfig, waitForHash } from './nginxCli';
import { NginxMaster, workerPids, workersRetired } from './nginxMaster';
import type { NginxOptions } from './options';
import {
  ENDPOINTS_PATH,
  isDynamic,
  nginxPaths,
  renderApp,
  renderConfig,
  type AppBlock,
} from './render';

/** How long a block nginx -t refused stays refused without a new test (a name may resolve later). */
const REFUSAL_MEMORY_MS = 5 * 60_000;
/** How long after an endpoint-only apply the endpoints file is written. */
const PERSIST_DELAY_MS = 200;

type Rendered =
  /** `endpoints`: set when they go to the Lua dictionary rather than into the block. */
  | { block: AppBlock; certs: CertMaterial[]; endpoints?: string[] }
  | { problem: string };

/**
 * Routes apps through nginx: render → compare with the live config → stage → `nginx -t` →
 * swap the `current` symlink → SIGHUP → wait until the status server answers the new hash.
 * An app that cannot be rendered or breaks `nginx -t` keeps its last good block and is reported.
 * With the Lua module, app endpoints are not in the config but in a shared dictionary updated
 * through the loopback status server: a deploy, scale or rollback changes them without a reload.
 */
export class NginxRouter implements TrafficRouter {
  private readonly store: ConfigStore;
  private readonly certs: CertStore;
  private readonly master: NginxMaster;
  private readonly paths: ReturnType<typeof nginxPaths>;
  private readonly settingsKey: string;
  /** Each request's line, from nginx's access log over a loopback socket. */
  private readonly accessLog: NginxAccessLog;
  private queue: Promise<unknown> = Promise.resolve();
  private prepared?: Promise<void>;
  /** Rendered blocks of the last table, by route JSON: 10,000 unchanged apps are not re-checked. */
  private cache = new Map<string, Rendered>();
  /** Parsed certificates by a hash of their PEM text: one wildcard cert on 1,000 hosts is parsed once. */
  private certChecks = new Map<string, ReturnType<typeof checkCert>>();
  /** App blocks nginx -t refused, by text: not tested again on every reconcile for a while. */
  private refused = new Map<string, { reason: string; at: number }>();
  private readonly endpoints: EndpointSync;
  private luaToken?: Promise<string>;
  /** The endpoints of the last apply: an app that keeps its last good block keeps its endpoints. */
  private wanted = new Map<string, string[]>();
  /** Cert files known to be on disk since the last prune: an endpoint change touches no file. */
  private certsWritten = new Set<string>();
  private newVersion = false;
  private persistTimer?: NodeJS.Timeout;
  /** The last successful apply: an endpoint-only change costs O(changed apps) (appliedRoutes.ts). */
  private applied?: AppliedRoutes;
  /** The app blocks of the apply in progress, once final. */
  private appliedBlocks = new Map<string, AppBlock>();
  private acmeResponder?: AcmeResponder;
  /** The last whole config rendered, by its blocks' texts: an endpoint change renders nothing. */
  private lastConfig?: {
    texts: Map<string, string>;
    rendered: ReturnType<typeof renderConfig>;
  };

  constructor(
    private readonly options: NginxOptions,
    private readonly logger: LoggerService,
  ) {
    this.paths = nginxPaths(options.configDir);
    this.store = new ConfigStore(options.configDir, options.pidFile);
    this.certs = new CertStore(this.paths.certs);
    this.master = new NginxMaster({
      binary: options.binary,
      manage: options.manage,
      pidFile: options.pidFile,
      configFile: this.paths.liveConfig,
      errorLog: this.paths.errorLog,
      logger,
    });
    this.accessLog = new NginxAccessLog(options, logger);
    this.endpoints = new EndpointSync(
      options.statusPort,
      this.paths.luaState,
      () => this.token(),
    );
    logger.info(
      options.lua
        ? `nginx router: dynamic upstreams on (${options.lua.modules.join(
            ', ',
          )}); endpoint changes need no reload`
        : 'nginx router: the nginx Lua module (libnginx-mod-http-lua + lua-resty-core) is not in use; every endpoint change reloads nginx',
    );
    this.settingsKey = createHash('sha256')
      .update(JSON.stringify(options))
      .digest('hex');
  }

  defaultHost(app: string): string {
    return `${app}.${this.options.platformDomain}`;
  }

  defaultUrl(app: string): string {
    const port =
      this.options.httpPort === 80 ? '' : `:${this.options.httpPort}`;
    return `http://${this.defaultHost(app)}${port}`;
  }

  apply(table: RouteTable): Promise<RouterApplyResult> {
    const run = this.queue.then(() => this.applyNow(table));
    // Old versions and unused cert files go after the caller has its answer, before the next apply.
    this.queue = run
      .then(async result => {
        this.persistSoon();
        // Only a new config version leaves old versions and cert files behind.
        if (result.changed && this.newVersion) await this.prune();
        this.newVersion = false;
      })
      .catch(() => undefined);
    return run;
  }

  /** The router's line per request (router lines of the retained logs, request metrics). */
  onAccessLog(listener: (entry: AccessLogEntry) => void): () => void {
    return this.accessLog.subscribe(listener);
  }

  /**
   * Answers the ACME issuer's HTTP-01 challenges (autoTls): nginx forwards the challenge path of
   * autoTls apps to a responder on 127.0.0.1:<acmeChallengePort> reading `challenges`.
   */
  async serveAcmeChallenges(challenges: AcmeChallenges): Promise<void> {
    await this.acmeResponder?.close();
    this.acmeResponder = new AcmeResponder(this.options.acmePort, challenges);
    await this.acmeResponder.start();
  }

  /** Stops the nginx master when we manage it (the plugin's shutdown hook calls this). */
  async close(): Promise<void> {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    await this.queue;
    await this.persistEndpoints();
    await this.master.stop();
    await this.accessLog.close();
    await this.acmeResponder?.close();
  }

  private async applyNow(table: RouteTable): Promise<RouterApplyResult> {
    const fast = await this.applyEndpointsOnly(table);
    if (fast) return fast;
    this.applied = undefined;
    const result = await this.applyFull(table);
    const texts = new Map<string, string>();
    for (const [app, block] of this.appliedBlocks) texts.set(app, block.text);
    let refusalsExpireAt = Infinity;
    for (const { at } of this.refused.values()) {
      refusalsExpireAt = Math.min(refusalsExpireAt, at + REFUSAL_MEMORY_MS);
    }
    this.applied = {
      routes: new Map(table.map(r => [r.app, r])),
      blocks: texts,
      rejected: result.rejected,
      live: await this.store.live(),
      refusalsExpireAt,
    };
    return result;
  }

  /**
   * When only endpoints of apps changed since the last apply (a deploy, scale, rollback): sends
   * those apps' endpoints to nginx, nothing else; undefined when the full path is needed.
   */
  private async applyEndpointsOnly(
    table: RouteTable,
  ): Promise<RouterApplyResult | undefined> {
    const applied = this.applied;
    if (!applied || !this.options.lua || Date.now() >= applied.refusalsExpireAt)
      return undefined;
    const timer = phaseTimer();
    const live = await this.store.live();
    if (!live || live !== applied.live) return undefined;
    const changes = endpointOnlyChanges(table, applied, route => {
      const rendered = this.render(route);
      return 'problem' in rendered
        ? undefined
        : { text: rendered.block.text, endpoints: rendered.endpoints };
    });
    if (!changes) return undefined;
    timer('diff');
    this.applied = undefined;
    await this.startIfStopped(live.text);
    for (const [app, { endpoints }] of changes) this.wanted.set(app, endpoints);
    const changed = await this.endpoints.syncApps(
      this.wanted,
      [...changes.keys()],
      await this.master.pid(),
    );
    // Keep this table's objects (a few map writes): the reconciler passes the same objects again
    // for apps it did not touch, so the next diff is mostly identity checks.
    for (const route of table) applied.routes.set(route.app, route);
    this.applied = applied;
    timer('endpoints');
    this.logger.debug(`nginx endpoints: ${timer('done')}`);
    return { changed, rejected: [...applied.rejected] };
  }

  private async applyFull(table: RouteTable): Promise<RouterApplyResult> {
    const timer = phaseTimer();
    this.prepared ??= this.prepare().catch(error => {
      this.prepared = undefined;
      throw error;
    });
    await this.prepared;
    const live = await this.store.live();
    const liveBlocks =
      live?.settingsKey === this.settingsKey
        ? live.blocks
        : new Map<string, AppBlock>();
    const rejected: RouterApplyResult['rejected'] = [];
    const blocks = new Map<string, AppBlock>();
    const endpoints = new Map<string, string[]>();
    const newCerts = new Map<string, CertMaterial>();
    const reject = (app: string, reason: string) => {
      rejected.push({ app, reason });
      const previous = liveBlocks.get(app);
      if (previous) blocks.set(app, previous);
      else blocks.delete(app);
    };

    const cache = new Map<string, Rendered>();
    const seen = new Set<string>();
    for (const route of [...table].sort(byApp)) {
      if (seen.has(route.app)) {
        rejected.push({
          app: route.app,
          reason: 'the app is in the route table twice',
        });
        continue;
      }
      seen.add(route.app);
      const key = JSON.stringify(route);
      const rendered = this.cache.get(key) ?? this.render(route);
      cache.set(key, rendered);
      if ('problem' in rendered) {
        reject(route.app, rendered.problem);
        continue;
      }
      const refusal = this.refused.get(rendered.block.text);
      if (refusal && Date.now() - refusal.at < REFUSAL_MEMORY_MS) {
        reject(route.app, refusal.reason);
        continue;
      }
      blocks.set(route.app, rendered.block);
      if (rendered.endpoints) endpoints.set(route.app, rendered.endpoints);
      rendered.certs.forEach(c => newCerts.set(c.id, c));
    }
    this.cache = cache;
    for (const [text, { at }] of this.refused) {
      if (Date.now() - at >= REFUSAL_MEMORY_MS) this.refused.delete(text);
    }
    if (this.certChecks.size > 2 * cache.size + 100) this.certChecks.clear();
    this.rejectHostClashes(blocks, liveBlocks, reject);
    this.appliedBlocks = blocks;
    timer('check');

    const used = new Set([...blocks.values()].flatMap(b => b.certIds));
    for (const [id, cert] of newCerts) {
      if (used.has(id) && !this.certsWritten.has(id)) {
        await this.certs.write(cert);
        this.certsWritten.add(id);
      }
    }

    timer('certs');
    let rendered = this.renderWhole(blocks);
    timer('render');
    const wanted = this.wantedEndpoints(blocks, endpoints);
    if (rendered.text === live?.text) {
      await this.startIfStopped(live.text);
      const sent = await this.sendEndpoints(wanted);
      timer('endpoints');
      this.logger.debug(`nginx endpoints: ${timer('done')}`);
      return { changed: sent, rejected };
    }

    const dir = await this.store.stage(
      rendered.text,
      [...blocks.values()],
      this.settingsKey,
    );
    const configFile = `${dir}/nginx.conf`;
    try {
      const tried = new Set<string>();
      for (;;) {
        const complaint = await testConfig(this.options.binary, configFile);
        if (complaint === undefined) break;
        const changed = [...blocks.keys()].filter(
          app => blocks.get(app)?.text !== liveBlocks.get(app)?.text,
        );
        const culprit = await findCulprit({
          complaint,
          configFile,
          rendered,
          blocks,
          changed,
          liveBlock: app => liveBlocks.get(app),
          test: async set => {
            const trial = renderConfig(set, this.options);
            await this.store.write(dir, trial.text, set, this.settingsKey);
            return testConfig(this.options.binary, configFile);
          },
        });
        if (!culprit) {
          throw new Error(
            `nginx -t refused the config, kept the live one: ${complaint}`,
          );
        }
        if (tried.has(culprit)) {
          // Even its last good block fails now (e.g. a name that no longer resolves): leave it out.
          blocks.delete(culprit);
        } else {
          tried.add(culprit);
          const reason = `nginx -t: ${complaint.replaceAll(dir, '<staged>')}`;
          this.refused.set(blocks.get(culprit)!.text, {
            reason,
            at: Date.now(),
          });
          reject(culprit, reason);
        }
        rendered = renderConfig([...blocks.values()], this.options);
        await this.store.write(
          dir,
          rendered.text,
          [...blocks.values()],
          this.settingsKey,
        );
      }
      timer('nginx -t');
      const wantedNow = this.wantedEndpoints(blocks, endpoints);
      if (rendered.text === live?.text) {
        await this.store.discard(dir);
        await this.startIfStopped(live.text);
        return { changed: await this.sendEndpoints(wantedNow), rejected };
      }
      // Endpoints first (to the file a starting master loads, and to a running master that has
      // the endpoint), so new workers find them; then again in case the master is new.
      await this.sendEndpoints(wantedNow, !live?.text.includes(ENDPOINTS_PATH));
      // The reloading master loads the endpoints file (init_by_lua): it must be current.
      await this.persistEndpoints();
      this.newVersion = true;
      await this.goLive(dir, rendered.hash);
      await this.sendEndpoints(wantedNow);
      timer('reload');
    } catch (error) {
      await this.store.discard(dir);
      throw error;
    }
    this.logger.debug(
      `nginx config ${rendered.hash.slice(0, 12)} live: ${timer('done')}`,
    );
    return { changed: true, rejected };
  }

  /**
   * Writes the endpoints file a little after the apply answered, off the path to the new
   * endpoints answering (a burst of deploys writes it once). A full apply writes it before its
   * reload; a master that restarts in between loads the previous file and is sent everything.
   */
  private persistSoon(): void {
    if (!this.options.lua || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.queue = this.queue.then(() => this.persistEndpoints());
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  private async persistEndpoints(): Promise<void> {
    if (!this.options.lua) return;
    await this.endpoints
      .persist()
      .catch(error =>
        this.logger.warn(`could not write the nginx endpoints file: ${error}`),
      );
  }

  private async prune(): Promise<void> {
    try {
      this.certsWritten.clear();
      await this.certs.prune(await this.store.prune());
    } catch (error) {
      this.logger.warn(`could not remove old nginx config versions: ${error}`);
    }
  }

  private render(route: Route): Rendered {
    const checked = checkRoute(route, this.options, tls => {
      const key = createHash('sha256')
        .update(`${tls.certName}\0${tls.certificate}\0${tls.key}`)
        .digest('hex');
      const known = this.certChecks.get(key) ?? checkCert(tls);
      this.certChecks.set(key, known);
      return known;
    });
    if ('problem' in checked) return checked;
    return {
      block: renderApp(checked, this.options),
      certs: checked.tlsGroups.map(g => g.cert),
      endpoints: isDynamic(checked, this.options)
        ? checked.upstream
        : undefined,
    };
  }

  private renderWhole(blocks: Map<string, AppBlock>) {
    const last = this.lastConfig;
    if (
      last &&
      last.texts.size === blocks.size &&
      [...blocks].every(([app, b]) => last.texts.get(app) === b.text)
    ) {
      return last.rendered;
    }
    const rendered = renderConfig([...blocks.values()], this.options);
    const texts = new Map([...blocks].map(([app, b]) => [app, b.text]));
    this.lastConfig = { texts, rendered };
    return rendered;
  }

  private async prepare(): Promise<void> {
    await this.store.prepare();
    await this.accessLog.install();
    if (this.options.lua) await this.token();
  }

  private token(): Promise<string> {
    this.luaToken ??= installLua(this.options.configDir).catch(error => {
      this.luaToken = undefined;
      throw error;
    });
    return this.luaToken;
  }

  /**
   * Endpoints the dictionary must hold: this table's for apps rendered from it; an app that kept
   * its last good block (rejected) keeps the endpoints it had, if that block is dynamic.
   */
  private wantedEndpoints(
    blocks: Map<string, AppBlock>,
    fresh: Map<string, string[]>,
  ): Map<string, string[]> {
    const wanted = new Map<string, string[]>();
    for (const app of blocks.keys()) {
      const addresses = fresh.get(app) ?? this.wanted.get(app);
      if (addresses) wanted.set(app, addresses);
    }
    return wanted;
  }

  /** Sends what changed to the running master's dictionary (nothing without the Lua module). */
  private async sendEndpoints(
    wanted: Map<string, string[]>,
    fileOnly = false,
  ): Promise<boolean> {
    if (!this.options.lua) return false;
    this.wanted = wanted;
    const master = fileOnly ? undefined : await this.master.pid();
    return this.endpoints.sync(wanted, master);
  }

  /** Custom domains are unique across apps in the ledger; a stale last good block could still clash. */
  private rejectHostClashes(
    blocks: Map<string, AppBlock>,
    liveBlocks: Map<string, AppBlock>,
    reject: (app: string, reason: string) => void,
  ) {
    const owner = new Map<string, string>();
    const fresh = [...blocks.values()].filter(b => liveBlocks.get(b.app) !== b);
    const kept = [...blocks.values()].filter(b => liveBlocks.get(b.app) === b);
    for (const block of [...fresh, ...kept]) {
      const clash = block.hosts.find(h => owner.has(h));
      if (clash) {
        reject(
          block.app,
          `host "${clash}" is already routed to app "${owner.get(clash)}"`,
        );
        if (blocks.get(block.app) === block) blocks.delete(block.app);
        continue;
      }
      block.hosts.forEach(h => owner.set(h, block.app));
    }
  }

  /** After a restart of the backend or of the machine: nothing changed, but nginx must run. */
  private async startIfStopped(text: string): Promise<void> {
    if (!(await this.master.ensureRunning())) return;
    const hash = /return 200 "([0-9a-f]{64})"/.exec(text)?.[1] ?? '';
    if (!(await this.confirm(hash))) {
      throw new Error(`nginx did not start: ${await this.whyNot()}`);
    }
  }

  /** Swap, reload and confirm; on any failure put the previous config back and say why. */
  private async goLive(dir: string, hash: string): Promise<void> {
    const errorLogSize = await fileSize(this.paths.errorLog);
    const masterPid = await this.master.pid();
    const oldWorkers = masterPid ? await workerPids(masterPid) : [];
    const previous = await this.store.swap(dir);
    try {
      const started = await this.master.ensureRunning();
      if (!started && !(await this.master.reload())) {
        this.logger.warn(
          `nginx is not running (no live pid in ${this.options.pidFile}); it will use the new config when it starts`,
        );
        return;
      }
      if (!(await this.confirm(hash, oldWorkers))) {
        throw new Error(
          `nginx did not switch to the new config within ${
            this.options.reloadTimeoutMs / 1000
          }s: ${await this.whyNot(errorLogSize)}`,
        );
      }
    } catch (error) {
      await this.store.restore(previous);
      await this.master.reload().catch(() => undefined);
      throw error;
    }
  }

  /** Waits until new connections can only reach workers running the config with `hash`. */
  private async confirm(
    hash: string,
    oldWorkers: number[] = [],
  ): Promise<boolean> {
    const deadline = Date.now() + this.options.reloadTimeoutMs;
    const answered = await waitForHash(
      this.options.statusPort,
      hash,
      this.options.reloadTimeoutMs,
      async () => {
        // A master that died will not answer: stop waiting.
        return (await this.master.pid()) !== undefined;
      },
    );
    if (!answered) return false;
    while (!(await workersRetired(oldWorkers))) {
      if (Date.now() > deadline) return false;
      await sleep(2);
    }
    return true;
  }

  private async whyNot(errorLogFrom = 0): Promise<string> {
    const log = await fs.readFile(this.paths.errorLog, 'utf8').catch(() => '');
    const text = emergencies(
      `${log.slice(errorLogFrom)}\n${this.master.lastOutput()}`,
    );
    return text || 'no error logged';
  }
}

/** Records how long each phase of an apply took, for the debug log. */
function phaseTimer() {
  let last = Date.now();
  const phases: string[] = [];
  return (phase: string) => {
    const now = Date.now();
    phases.push(`${phase} ${now - last}ms`);
    last = now;
    return phases.join(', ');
  };
}

function byApp(a: Route, b: Route): number {
  if (a.app < b.app) return -1;
  return a.app > b.app ? 1 : 0;
}

async function fileSize(file: string): Promise<number> {
  return (await fs.stat(file).catch(() => undefined))?.size ?? 0;
}
