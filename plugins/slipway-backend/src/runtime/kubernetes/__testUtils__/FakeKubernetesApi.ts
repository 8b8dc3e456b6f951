import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { ObjectStore } from './ObjectStore';
import { manifestProblems } from './schemas';

/**
 * A stateful fake of the Kubernetes API server, served over HTTP on an ephemeral port. Behaviour is tested against
 * the real API server (see realCluster.ts); this fake remains for what the real one cannot be made to do on demand
 * (injected 5xx, 429, 403, 409 and requests that never answer: `failNext`, `stallNext`) and for the fake half of
 * `bench:kubernetes`. It differs from the real server in ways listed in docs/kubernetes.md ("How this is tested").
 *
 * What it does like the real one: API discovery, get/list/create/replace/patch/delete with label and field
 * selectors; server-side apply (field managers, force, fields removed when their manager stops applying them;
 * lists are treated as atomic); JSON merge / strategic-merge patches of maps; resourceVersion and generation;
 * 404/409/422 answers as `Status` objects; watch (ADDED for existing objects, then changes); schema validation
 * of every write; defaulting of common fields; immutable Secrets; namespace deletion removing its objects;
 * a Deployment controller (pods that become ready, or never do, rolling updates that keep old pods until the new
 * ones are ready, progress deadlines); a Job controller running commands through `runCommand`; pod logs with
 * follow, tailLines, sinceTime and timestamps.
 * What it simplifies: no ReplicaSets (pods belong to their Deployment directly), no finalizers (deletion is
 * immediate), no admission webhooks, no real scheduling or containers.
 */

type Obj = { [field: string]: any };

type ResourceType = {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
};

const RESOURCES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
  },
  {
    group: '',
    version: 'v1',
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    kind: 'Service',
    namespaced: true,
  },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
  },
  {
    group: 'batch',
    version: 'v1',
    plural: 'jobs',
    kind: 'Job',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
    kind: 'NetworkPolicy',
    namespaced: true,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
    kind: 'HorizontalPodAutoscaler',
    namespaced: true,
  },
  {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'httproutes',
    kind: 'HTTPRoute',
    namespaced: true,
  },
  {
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'gateways',
    kind: 'Gateway',
    namespaced: true,
  },
];

const apiVersionOf = (r: ResourceType) =>
  r.group ? `${r.group}/${r.version}` : r.version;

export type RecordedRequest = {
  method: string;
  path: string;
  query: string;
  status: number;
};

export type FakeKubernetesOptions = {
  /** Whether a pod of a Deployment never becomes ready (e.g. its image crashes). Default: images tagged `:broken`. */
  neverReady?: (pod: Obj) => boolean;
  /** What a Job's command prints and exits with. Default: `echo` prints its arguments, `exit N` exits N. */
  runCommand?: (
    command: string,
    env: Record<string, string>,
  ) => { exitCode: number; output: string };
  /** Controller step, in milliseconds (default 10). */
  tickMs?: number;
};

type Failure = {
  method?: string;
  path: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
};
type Watcher = {
  type: ResourceType;
  namespace?: string;
  matches: (o: Obj) => boolean;
  res: http.ServerResponse;
};
type LogEntry = { time: string; text: string };
type LogFollower = {
  since?: number;
  timestamps: boolean;
  res: http.ServerResponse;
};

class HttpError extends Error {
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

export class FakeKubernetesApi {
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new ObjectStore();
  /** Namespaces where something changed since the controllers last looked. */
  private readonly dirty = new Set<string>();
  /** Per object key: the last configuration each field manager applied with server-side apply. */
  private readonly applied = new Map<string, Map<string, Obj>>();
  private readonly logs = new Map<string, LogEntry[]>();
  private readonly followers = new Map<string, Set<LogFollower>>();
  private readonly watchers = new Set<Watcher>();
  private readonly failures: Failure[] = [];
  private readonly deploymentChangedAt = new Map<string, number>();
  private resourceVersion = 1000;
  private timer?: NodeJS.Timeout;
  private server!: http.Server;
  url = '';

  private constructor(private readonly options: FakeKubernetesOptions) {}

  static async start(
    options: FakeKubernetesOptions = {},
  ): Promise<FakeKubernetesApi> {
    const fake = new FakeKubernetesApi(options);
    fake.server = http.createServer((req, res) => fake.handle(req, res));
    await new Promise<void>(resolve =>
      fake.server.listen(0, '127.0.0.1', resolve),
    );
    fake.url = `http://127.0.0.1:${
      (fake.server.address() as AddressInfo).port
    }`;
    fake.timer = setInterval(() => fake.runControllers(), options.tickMs ?? 10);
    return fake;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const w of this.watchers) w.res.end();
    for (const set of this.followers.values()) for (const f of set) f.res.end();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** An entry for `slipway.kubernetes.clusters` pointing at this fake. */
  clusterConfig(name = 'fake') {
    return {
      name,
      url: this.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: 'fake-token',
      // client-node speaks plain HTTP only with skipTLSVerify.
      skipTLSVerify: true,
    };
  }

  // ---- inspection and fault injection for tests ----

  /** Requests that change state (POST, PUT, PATCH, DELETE). */
  writes(): RecordedRequest[] {
    return this.requests.filter(r => r.method !== 'GET');
  }

  resetRequests() {
    this.requests.length = 0;
  }

  /** The next `times` requests matching `method` and `path` are never answered (the client must time out). */
  stallNext(match: { method?: string; path: RegExp }, times = 1) {
    this.failures.push({ ...match, status: 0, times });
  }

  /** The next `times` requests matching `method` and `path` fail with `status`. */
  failNext(
    match: { method?: string; path: RegExp },
    status: number,
    times = 1,
    headers?: Record<string, string>,
  ) {
    this.failures.push({ ...match, status, times, headers });
  }

  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Obj | undefined {
    const type = this.typeOf(apiVersion, kind);
    const object = this.objects.get(this.key(type, namespace, name));
    return object && structuredClone(object);
  }

  /** Every object in a namespace (all kinds). */
  objectsIn(namespace: string): Obj[] {
    return this.objects
      .values()
      .filter(o => o.metadata.namespace === namespace);
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      status: 200,
    };
    this.requests.push(record);
    const body = await readBody(req);
    const send = (status: number, payload: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    try {
      const failure = this.failures.find(
        f => (!f.method || f.method === method) && f.path.test(url.pathname),
      );
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0)
          this.failures.splice(this.failures.indexOf(failure), 1);
        record.status = failure.status;
        if (failure.status === 0) return; // stalled: no answer until the server closes
        res.writeHead(failure.status, {
          'content-type': 'application/json',
          ...failure.headers,
        });
        res.end(
          JSON.stringify(
            statusObject(
              failure.status,
              'Injected',
              `injected failure ${failure.status}`,
            ),
          ),
        );
        return;
      }
      if (req.headers.authorization !== 'Bearer fake-token') {
        throw new HttpError(401, 'Unauthorized', 'Unauthorized');
      }
      const route = this.route(url.pathname);
      if (route.discovery) {
        send(200, route.discovery);
        return;
      }
      const { type, namespace, name, subresource } = route;
      const q = url.searchParams;
      if (subresource === 'log' && method === 'GET') {
        this.streamLog(namespace!, name!, q, res, record);
        return;
      }
      if (subresource)
        throw new HttpError(
          404,
          'NotFound',
          `subresource ${subresource} not supported`,
        );
      if (
        method === 'GET' &&
        !name &&
        (q.get('watch') === 'true' || q.get('watch') === '1')
      ) {
        this.watch(type!, namespace, q, res);
        return;
      }
      send(
        ...this.serve(
          method,
          type!,
          namespace,
          name,
          q,
          body,
          req.headers['content-type'] ?? '',
        ),
      );
    } catch (error) {
      const e =
        error instanceof HttpError
          ? error
          : new HttpError(500, 'InternalError', String(error));
      send(e.code, statusObject(e.code, e.reason, e.message));
    }
  }

  private route(pathname: string): {
    discovery?: Obj;
    type?: ResourceType;
    namespace?: string;
    name?: string;
    subresource?: string;
  } {
    const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts[1]) {
      [group, version, rest] = ['', parts[1], parts.slice(2)];
    } else if (parts[0] === 'apis' && parts[2]) {
      [group, version, rest] = [parts[1], parts[2], parts.slice(3)];
    } else {
      throw new HttpError(
        404,
        'NotFound',
        `the server could not find the requested resource ${pathname}`,
      );
    }
    const types = RESOURCES.filter(
      r => r.group === group && r.version === version,
    );
    if (types.length === 0)
      throw new HttpError(404, 'NotFound', `no API ${group}/${version}`);
    if (rest.length === 0) {
      return {
        discovery: {
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: group ? `${group}/${version}` : version,
          resources: types.map(r => ({
            name: r.plural,
            singularName: r.kind.toLowerCase(),
            namespaced: r.namespaced,
            kind: r.kind,
            verbs: [
              'create',
              'delete',
              'get',
              'list',
              'patch',
              'update',
              'watch',
            ],
          })),
        },
      };
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const type = types.find(r => r.plural === rest[0]);
    if (!type)
      throw new HttpError(
        404,
        'NotFound',
        `no resource ${rest[0]} in ${group}/${version}`,
      );
    return { type, namespace, name: rest[1], subresource: rest[2] };
  }

  private serve(
    method: string,
    type: ResourceType,
    namespace: string | undefined,
    name: string | undefined,
    q: URLSearchParams,
    body: string,
    contentType: string,
  ): [number, unknown] {
    const key = name ? this.key(type, namespace, name) : '';
    const live = name ? this.objects.get(key) : undefined;
    switch (method) {
      case 'GET': {
        if (name) {
          if (!live) throw notFound(type, name);
          return [200, live];
        }
        const items = this.all(type, namespace).filter(
          selects(q.get('labelSelector'), q.get('fieldSelector')),
        );
        return [
          200,
          {
            apiVersion: apiVersionOf(type),
            kind: `${type.kind}List`,
            metadata: { resourceVersion: String(this.resourceVersion) },
            items,
          },
        ];
      }
      case 'POST': {
        const object = parseBody(body);
        const objName = object.metadata?.name;
        if (!objName)
          throw new HttpError(422, 'Invalid', 'metadata.name: Required value');
        const objKey = this.key(type, namespace, objName);
        if (this.objects.has(objKey))
          throw new HttpError(
            409,
            'AlreadyExists',
            `${type.plural} "${objName}" already exists`,
          );
        this.requireNamespace(type, namespace);
        const created = this.prepare(type, namespace, object, undefined);
        this.recordManager(
          created,
          q.get('fieldManager') ?? 'unknown',
          'Update',
        );
        return [201, this.store(type, created, 'ADDED', undefined)];
      }
      case 'PUT': {
        if (!live) throw notFound(type, name!);
        const object = parseBody(body);
        const expected = object.metadata?.resourceVersion;
        if (expected && expected !== live.metadata.resourceVersion) {
          throw new HttpError(
            409,
            'Conflict',
            `Operation cannot be fulfilled on ${type.plural} "${name}": the object has been modified`,
          );
        }
        const replaced = this.prepare(type, namespace, object, live);
        return [200, this.store(type, replaced, 'MODIFIED', live)];
      }
      case 'PATCH': {
        if (contentType.startsWith('application/apply-patch')) {
          return this.serverSideApply(
            type,
            namespace,
            name!,
            live,
            parseBody(body),
            q,
          );
        }
        if (!live) throw notFound(type, name!);
        if (
          !/merge-patch\+json|strategic-merge-patch\+json/.test(contentType)
        ) {
          throw new HttpError(
            415,
            'UnsupportedMediaType',
            `unsupported patch type ${contentType}`,
          );
        }
        const patched = mergePatch(structuredClone(live), parseBody(body));
        const object = this.prepare(type, namespace, patched, live);
        this.recordManager(
          object,
          q.get('fieldManager') ?? 'unknown',
          'Update',
        );
        return [200, this.store(type, object, 'MODIFIED', live)];
      }
      case 'DELETE': {
        if (!live) throw notFound(type, name!);
        this.remove(type, live, q.get('propagationPolicy') ?? undefined);
        return [200, statusObject(200, '', 'deleted')];
      }
      default:
        throw new HttpError(405, 'MethodNotAllowed', `${method} not allowed`);
    }
  }

  /** Server-side apply: the manager's previous configuration is replaced by the new one; others' fields stay. */
  private serverSideApply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    live: Obj | undefined,
    config: Obj,
    q: URLSearchParams,
  ): [number, unknown] {
    const manager = q.get('fieldManager');
    if (!manager)
      throw new HttpError(
        400,
        'BadRequest',
        'PATCH with apply requires a fieldManager',
      );
    if (config.metadata?.name !== name)
      throw new HttpError(
        400,
        'BadRequest',
        'the name of the object does not match the URL',
      );
    if (config.apiVersion !== apiVersionOf(type) || config.kind !== type.kind) {
      throw new HttpError(
        400,
        'BadRequest',
        `apply body is ${config.apiVersion} ${config.kind}, not ${type.kind}`,
      );
    }
    const key = this.key(type, namespace, name);
    const managers = this.applied.get(key) ?? new Map<string, Obj>();
    if (!live) {
      this.requireNamespace(type, namespace);
      const created = this.prepare(
        type,
        namespace,
        structuredClone(config),
        undefined,
      );
      this.recordManager(created, manager, 'Apply');
      const stored = this.store(type, created, 'ADDED', undefined);
      this.applied.set(key, new Map([[manager, structuredClone(config)]]));
      return [201, stored];
    }
    if (q.get('force') !== 'true') {
      for (const [other, otherConfig] of managers) {
        if (other === manager) continue;
        const conflict = conflicts(config, otherConfig);
        if (conflict)
          throw new HttpError(
            409,
            'Conflict',
            `Apply failed with 1 conflict: conflict with "${other}": ${conflict}`,
          );
      }
    }
    const previous = managers.get(manager) ?? {};
    const merged = mergeApplied(
      prune(structuredClone(live), previous, config),
      config,
    );
    const object = this.prepare(type, namespace, merged, live);
    this.recordManager(object, manager, 'Apply');
    managers.set(manager, structuredClone(config));
    this.applied.set(key, managers);
    return [200, this.store(type, object, 'MODIFIED', live)];
  }

  // ---- storage ----

  private key(type: ResourceType, namespace: string | undefined, name: string) {
    return `${apiVersionOf(type)}/${type.plural}/${
      type.namespaced ? namespace ?? '' : ''
    }/${name}`;
  }

  private typeOf(apiVersion: string, kind: string): ResourceType {
    const type = RESOURCES.find(
      r => apiVersionOf(r) === apiVersion && r.kind === kind,
    );
    if (!type) throw new Error(`unknown ${apiVersion} ${kind}`);
    return type;
  }

  private all(type: ResourceType, namespace?: string): Obj[] {
    return this.objects
      .ofType(`${apiVersionOf(type)}/${type.plural}`)
      .filter(
        o =>
          !namespace || !type.namespaced || o.metadata.namespace === namespace,
      )
      .sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
          `${b.metadata.namespace}/${b.metadata.name}`,
        ),
      );
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (type.namespaced && !this.objects.has(`v1/namespaces//${namespace}`)) {
      throw new HttpError(
        404,
        'NotFound',
        `namespaces "${namespace}" not found`,
      );
    }
  }

  /** Validates, defaults and versions an object about to be stored. */
  private prepare(
    type: ResourceType,
    namespace: string | undefined,
    object: Obj,
    live: Obj | undefined,
  ): Obj {
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata = { ...object.metadata };
    if (type.namespaced) {
      if (
        object.metadata.namespace &&
        object.metadata.namespace !== namespace
      ) {
        throw new HttpError(
          400,
          'BadRequest',
          'the namespace of the object does not match the URL',
        );
      }
      object.metadata.namespace = namespace;
    }
    if (live) {
      if (
        live.immutable &&
        type.kind === 'Secret' &&
        (stable(live.data) !== stable(object.data) || object.immutable !== true)
      ) {
        throw new HttpError(
          422,
          'Invalid',
          `Secret "${live.metadata.name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`,
        );
      }
      object.metadata.uid = live.metadata.uid;
      object.metadata.creationTimestamp = live.metadata.creationTimestamp;
      object.metadata.generation = live.metadata.generation;
      if (object.status === undefined && live.status !== undefined)
        object.status = live.status;
    } else {
      object.metadata.uid = randomUUID();
      object.metadata.creationTimestamp = new Date().toISOString();
      object.metadata.generation = 1;
    }
    applyDefaults(type.kind, object);
    if (live && stable(live.spec) !== stable(object.spec)) {
      object.metadata.generation += 1;
    }
    const problems = manifestProblems(withoutServerFields(object));
    if (problems.length) {
      throw new HttpError(
        422,
        'Invalid',
        `${type.kind} "${object.metadata.name}" is invalid: ${problems.join(
          '; ',
        )}`,
      );
    }
    return object;
  }

  private recordManager(
    object: Obj,
    manager: string,
    operation: 'Apply' | 'Update',
  ) {
    const others = (object.metadata.managedFields ?? []).filter(
      (f: Obj) => !(f.manager === manager && f.operation === operation),
    );
    object.metadata.managedFields = [
      ...others,
      {
        manager,
        operation,
        apiVersion: object.apiVersion,
        fieldsType: 'FieldsV1',
        time: new Date().toISOString(),
      },
    ];
  }

  /** Stores an object (a no-op when nothing but bookkeeping changed) and tells watchers. */
  private store(
    type: ResourceType,
    object: Obj,
    event: 'ADDED' | 'MODIFIED',
    live: Obj | undefined,
  ): Obj {
    if (
      live &&
      stable(withoutBookkeeping(live)) === stable(withoutBookkeeping(object))
    )
      return live;
    this.resourceVersion += 1;
    object.metadata.resourceVersion = String(this.resourceVersion);
    this.objects.set(
      this.key(type, object.metadata.namespace, object.metadata.name),
      object,
    );
    if (
      type.kind === 'Deployment' &&
      (!live || live.metadata.generation !== object.metadata.generation)
    ) {
      this.deploymentChangedAt.set(
        `${object.metadata.namespace}/${object.metadata.name}`,
        Date.now(),
      );
    }
    this.dirty.add(object.metadata.namespace ?? object.metadata.name);
    this.notify(type, event, object);
    return object;
  }

  private remove(type: ResourceType, object: Obj, propagationPolicy?: string) {
    const key = this.key(type, object.metadata.namespace, object.metadata.name);
    if (!this.objects.delete(key)) return;
    this.dirty.add(object.metadata.namespace ?? object.metadata.name);
    this.applied.delete(key);
    this.resourceVersion += 1;
    this.notify(type, 'DELETED', {
      ...object,
      metadata: {
        ...object.metadata,
        resourceVersion: String(this.resourceVersion),
      },
    });
    if (type.kind === 'Namespace') {
      for (const [k, o] of this.objects.entries()) {
        if (
          o.metadata.namespace === object.metadata.name &&
          this.objects.has(k)
        ) {
          this.remove(this.typeOf(o.apiVersion, o.kind), o);
        }
      }
    }
    if (type.kind === 'Pod') {
      const logKey = `${object.metadata.namespace}/${object.metadata.name}`;
      for (const f of this.followers.get(logKey) ?? []) f.res.end();
      this.followers.delete(logKey);
      this.logs.delete(logKey);
    }
    // Pods are owned by their Deployment or Job; like the garbage collector, remove them with it
    // (for Jobs only when a propagation policy asks for it, as in Kubernetes).
    const cascade =
      type.kind === 'Deployment' ||
      (type.kind === 'Job' &&
        propagationPolicy &&
        propagationPolicy !== 'Orphan');
    if (cascade) {
      for (const pod of this.podsOwnedBy(object))
        this.remove(this.typeOf('v1', 'Pod'), pod);
    }
  }

  private podsOwnedBy(owner: Obj): Obj[] {
    return this.all(this.typeOf('v1', 'Pod'), owner.metadata.namespace).filter(
      p =>
        (p.metadata.ownerReferences ?? []).some(
          (r: Obj) => r.uid === owner.metadata.uid,
        ),
    );
  }

  // ---- watch ----

  private watch(
    type: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
    res: http.ServerResponse,
  ) {
    const matches = (o: Obj) =>
      (!namespace || o.metadata.namespace === namespace) &&
      selects(q.get('labelSelector'), q.get('fieldSelector'))(o);
    res.writeHead(200, {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    });
    const watcher: Watcher = { type, namespace, matches, res };
    if (!q.get('resourceVersion')) {
      for (const object of this.all(type, namespace).filter(matches)) {
        res.write(`${JSON.stringify({ type: 'ADDED', object })}\n`);
      }
    }
    this.watchers.add(watcher);
    const timeout = Number(q.get('timeoutSeconds') ?? 1800) * 1000;
    const timer = setTimeout(() => res.end(), timeout);
    res.on('close', () => {
      clearTimeout(timer);
      this.watchers.delete(watcher);
    });
  }

  private notify(type: ResourceType, event: string, object: Obj) {
    for (const w of this.watchers) {
      if (w.type === type && w.matches(object))
        w.res.write(`${JSON.stringify({ type: event, object })}\n`);
    }
  }

  // ---- logs ----

  private streamLog(
    namespace: string,
    pod: string,
    q: URLSearchParams,
    res: http.ServerResponse,
    record: RecordedRequest,
  ) {
    if (!this.objects.has(this.key(this.typeOf('v1', 'Pod'), namespace, pod))) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          statusObject(404, 'NotFound', `pods "${pod}" not found`),
        ),
      );
      return;
    }
    const key = `${namespace}/${pod}`;
    const since = q.get('sinceTime')
      ? Date.parse(q.get('sinceTime')!)
      : undefined;
    const timestamps = q.get('timestamps') === 'true';
    let entries = (this.logs.get(key) ?? []).filter(
      e => since === undefined || Date.parse(e.time) >= since,
    );
    if (q.get('tailLines'))
      entries = entries.slice(-Number(q.get('tailLines')));
    res.writeHead(200, { 'content-type': 'text/plain' });
    const follower: LogFollower = { timestamps, res };
    for (const entry of entries) this.writeLog(follower, entry);
    if (q.get('follow') !== 'true') {
      res.end();
      return;
    }
    const set = this.followers.get(key) ?? new Set();
    set.add(follower);
    this.followers.set(key, set);
    res.on('close', () => set.delete(follower));
  }

  /** Adds a line to a pod's log (as the container would print it). */
  private appendLog(namespace: string, pod: string, text: string) {
    const key = `${namespace}/${pod}`;
    const entry = { time: new Date().toISOString(), text };
    const entries = this.logs.get(key) ?? [];
    entries.push(entry);
    this.logs.set(key, entries);
    for (const follower of this.followers.get(key) ?? [])
      this.writeLog(follower, entry);
  }

  private writeLog(follower: LogFollower, entry: LogEntry) {
    follower.res.write(
      `${follower.timestamps ? `${entry.time} ` : ''}${entry.text}\n`,
    );
  }

  // ---- controllers ----

  /** Errors of the fake's controllers (a test can assert there are none). */
  readonly controllerErrors: string[] = [];

  private runControllers() {
    try {
      this.runControllersOnce();
    } catch (error) {
      this.controllerErrors.push(String(error));
    }
  }

  private runControllersOnce() {
    // Only namespaces where something changed, or a rollout or Job is still under way, need a look.
    const namespaces = [...this.dirty];
    this.dirty.clear();
    for (const namespace of namespaces) {
      for (const deployment of this.all(
        this.typeOf('apps/v1', 'Deployment'),
        namespace,
      )) {
        this.reconcileDeployment(deployment);
      }
      for (const job of this.all(this.typeOf('batch/v1', 'Job'), namespace)) {
        this.reconcileJob(job);
      }
      const busy =
        this.all(this.typeOf('apps/v1', 'Deployment'), namespace).some(
          d => d.status?.conditions?.[1]?.reason !== 'NewReplicaSetAvailable',
        ) ||
        this.all(this.typeOf('batch/v1', 'Job'), namespace).some(
          j => !j.status?.succeeded && !j.status?.failed,
        );
      if (busy) this.dirty.add(namespace);
    }
  }

  private createPod(
    owner: Obj,
    template: Obj,
    name: string,
    extraLabels: Record<string, string>,
  ): Obj {
    const podType = this.typeOf('v1', 'Pod');
    const pod = this.prepare(
      podType,
      owner.metadata.namespace,
      {
        metadata: {
          name,
          labels: { ...template.metadata?.labels, ...extraLabels },
          annotations: template.metadata?.annotations,
          ownerReferences: [
            {
              apiVersion: owner.apiVersion,
              kind: owner.kind,
              name: owner.metadata.name,
              uid: owner.metadata.uid,
              controller: true,
            },
          ],
        },
        spec: structuredClone(template.spec),
        status: {
          phase: 'Pending',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: template.spec.containers.map((c: Obj) => ({
            name: c.name,
            image: c.image,
            imageID: `${c.image}@sha256:fake`,
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'ContainerCreating' } },
          })),
        },
      },
      undefined,
    );
    return this.store(podType, pod, 'ADDED', undefined);
  }

  private setPodStatus(pod: Obj, status: Obj) {
    this.store(
      this.typeOf('v1', 'Pod'),
      { ...structuredClone(pod), status },
      'MODIFIED',
      pod,
    );
  }

  private reconcileDeployment(d: Obj) {
    const podType = this.typeOf('v1', 'Pod');
    const hash = createHash('sha256')
      .update(stable(d.spec.template))
      .digest('hex')
      .slice(0, 10);
    const pods = this.podsOwnedBy(d);
    const current = pods.filter(
      p => p.metadata.labels['pod-template-hash'] === hash,
    );
    const old = pods.filter(
      p => p.metadata.labels['pod-template-hash'] !== hash,
    );
    const wanted = d.spec.replicas ?? 1;

    // Pods start: Pending → Running, then Ready unless they never become ready.
    for (const pod of pods) {
      if (pod.status.phase !== 'Pending') continue;
      const ready = !this.neverReady(pod);
      const now = new Date().toISOString();
      this.setPodStatus(pod, {
        phase: 'Running',
        startTime: now,
        podIP: `10.0.0.${1 + (this.resourceVersion % 250)}`,
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        containerStatuses: pod.spec.containers.map((c: Obj) => ({
          name: c.name,
          image: c.image,
          imageID: `${c.image}@sha256:fake`,
          ready,
          restartCount: ready ? 0 : 1,
          state: ready
            ? { running: { startedAt: now } }
            : {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: 'back-off restarting failed container',
                },
              },
        })),
      });
      const command =
        pod.spec.containers[0].command?.join(' ') ??
        `${pod.spec.containers[0].image} (image command)`;
      this.appendLog(
        pod.metadata.namespace,
        pod.metadata.name,
        `Starting process with command \`${command}\``,
      );
    }

    // Rolling update with maxUnavailable 0: new pods first; old ones go once the new ones are all ready.
    const fresh = this.podsOwnedBy(d);
    const currentNow = fresh.filter(
      p => p.metadata.labels['pod-template-hash'] === hash,
    );
    const isReady = (p: Obj) => p.status.conditions?.[0]?.status === 'True';
    for (let i = current.length; i < wanted; i++) {
      this.createPod(
        d,
        d.spec.template,
        `${d.metadata.name}-${hash}-${randomUUID().slice(0, 5)}`,
        { 'pod-template-hash': hash },
      );
    }
    for (const extra of currentNow.slice(wanted)) this.remove(podType, extra);
    if (currentNow.slice(0, wanted).filter(isReady).length >= wanted) {
      for (const pod of old) this.remove(podType, pod);
    }

    const all = this.podsOwnedBy(d);
    const updated = all.filter(
      p => p.metadata.labels['pod-template-hash'] === hash,
    );
    const ready = all.filter(isReady).length;
    const complete =
      updated.length === wanted &&
      updated.every(isReady) &&
      all.length === wanted;
    const changedAt =
      this.deploymentChangedAt.get(
        `${d.metadata.namespace}/${d.metadata.name}`,
      ) ?? Date.now();
    const deadline = (d.spec.progressDeadlineSeconds ?? 600) * 1000;
    let progressing = {
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
    };
    if (complete) {
      progressing = {
        type: 'Progressing',
        status: 'True',
        reason: 'NewReplicaSetAvailable',
      };
    } else if (Date.now() - changedAt > deadline) {
      progressing = {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
      };
    }
    const status = {
      observedGeneration: d.metadata.generation,
      replicas: all.length,
      updatedReplicas: updated.length,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(0, wanted - ready),
      conditions: [
        { type: 'Available', status: ready >= wanted ? 'True' : 'False' },
        progressing,
      ],
    };
    if (stable(status) !== stable(d.status)) {
      this.store(
        this.typeOf('apps/v1', 'Deployment'),
        { ...structuredClone(d), status },
        'MODIFIED',
        d,
      );
    }
  }

  private reconcileJob(job: Obj) {
    if (job.status?.succeeded || job.status?.failed) return;
    const [pod] = this.podsOwnedBy(job);
    const labels = {
      'batch.kubernetes.io/job-name': job.metadata.name,
      'job-name': job.metadata.name,
      'controller-uid': job.metadata.uid,
    };
    if (!pod) {
      this.createPod(
        job,
        job.spec.template,
        `${job.metadata.name}-${randomUUID().slice(0, 5)}`,
        labels,
      );
      return;
    }
    const container = pod.spec.containers[0];
    const command =
      container.command?.[0] === '/bin/sh' && container.command[1] === '-c'
        ? container.command[2]
        : (container.command ?? []).join(' ');
    const env = Object.fromEntries(
      (container.env ?? []).map((e: Obj) => [e.name, e.value]),
    );
    for (const from of container.envFrom ?? []) {
      const secret = this.objects.get(
        `v1/secrets/${job.metadata.namespace}/${from.secretRef?.name}`,
      );
      if (!secret) {
        this.setPodStatus(pod, {
          ...pod.status,
          containerStatuses: [
            {
              ...pod.status.containerStatuses[0],
              state: {
                waiting: {
                  reason: 'CreateContainerConfigError',
                  message: `secret "${from.secretRef?.name}" not found`,
                },
              },
            },
          ],
        });
        return;
      }
      for (const [k, v] of Object.entries(secret.data ?? {}))
        env[k] = Buffer.from(String(v), 'base64').toString('utf8');
    }
    Object.assign(
      env,
      Object.fromEntries(
        (container.env ?? []).map((e: Obj) => [e.name, e.value]),
      ),
    );
    const { exitCode, output } = (this.options.runCommand ?? defaultRunCommand)(
      command,
      env,
    );
    for (const line of output
      .split('\n')
      .filter((l, i, all) => l !== '' || i < all.length - 1)) {
      this.appendLog(pod.metadata.namespace, pod.metadata.name, line);
    }
    const now = new Date().toISOString();
    this.setPodStatus(pod, {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      startTime: now,
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: container.name,
          image: container.image,
          imageID: `${container.image}@sha256:fake`,
          ready: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              finishedAt: now,
            },
          },
        },
      ],
    });
    const status =
      exitCode === 0
        ? {
            succeeded: 1,
            completionTime: now,
            conditions: [{ type: 'Complete', status: 'True' }],
          }
        : {
            failed: 1,
            conditions: [
              {
                type: 'Failed',
                status: 'True',
                reason: 'BackoffLimitExceeded',
              },
            ],
          };
    this.store(
      this.typeOf('batch/v1', 'Job'),
      { ...structuredClone(job), status: { startTime: now, ...status } },
      'MODIFIED',
      job,
    );
  }

  private neverReady(pod: Obj): boolean {
    return (
      this.options.neverReady ??
      (p => String(p.spec.containers[0].image).endsWith(':broken'))
    )(pod);
  }
}

// ---- helpers ----

function statusObject(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    code,
  };
}

function notFound(type: ResourceType, name: string) {
  return new HttpError(
    404,
    'NotFound',
    `${type.plural}${type.group ? `.${type.group}` : ''} "${name}" not found`,
  );
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(body: string): Obj {
  try {
    const parsed = body.trim().startsWith('{')
      ? JSON.parse(body)
      : parseYaml(body);
    if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
    return parsed;
  } catch (error) {
    throw new HttpError(400, 'BadRequest', `invalid body: ${error}`);
  }
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter(k => (value as Obj)[k] !== undefined)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stable((value as Obj)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function withoutBookkeeping(object: Obj): Obj {
  const {
    resourceVersion: _r,
    managedFields: _m,
    ...metadata
  } = object.metadata;
  return { ...object, metadata };
}

/** What the schema check sees: the object without server-set fields that client schemas may not know. */
function withoutServerFields(object: Obj): Obj {
  const { managedFields: _m, ...metadata } = object.metadata;
  return { ...object, metadata };
}

/** Label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`, comma = and) and `metadata.name`/`metadata.namespace` field selectors. */
function selects(
  labelSelector: string | null,
  fieldSelector: string | null,
): (o: Obj) => boolean {
  const labelTerms = (labelSelector ?? '').split(',').filter(Boolean);
  const fieldTerms = (fieldSelector ?? '').split(',').filter(Boolean);
  return o => {
    const labels = o.metadata?.labels ?? {};
    const labelsOk = labelTerms.every(term => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return labels[ne[1]] !== ne[2];
      const eq = /^([^!=]+)==?(.*)$/.exec(term);
      if (eq) return labels[eq[1]] === eq[2];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
    const fieldsOk = fieldTerms.every(term => {
      const [field, value] = term.split('=');
      if (field === 'metadata.name') return o.metadata.name === value;
      if (field === 'metadata.namespace') return o.metadata.namespace === value;
      throw new HttpError(
        400,
        'BadRequest',
        `field label not supported: ${field}`,
      );
    });
    return labelsOk && fieldsOk;
  };
}

/** JSON merge patch (RFC 7386): maps merge, `null` removes, everything else replaces. */
function mergePatch(target: Obj, patch: Obj): Obj {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (isMap(value) && isMap(target[key]))
      target[key] = mergePatch(target[key], value);
    else target[key] = structuredClone(value);
  }
  return target;
}

/** Merges an applied configuration into an object: maps field by field, lists and scalars replaced (atomic). */
function mergeApplied(target: Obj, config: Obj): Obj {
  for (const [key, value] of Object.entries(config)) {
    if (key === 'status') continue;
    if (isMap(value) && isMap(target[key]))
      target[key] = mergeApplied(target[key], value);
    else target[key] = structuredClone(value);
  }
  return target;
}

/** Removes fields the manager applied before and no longer applies. */
function prune(target: Obj, previous: Obj, next: Obj): Obj {
  for (const [key, value] of Object.entries(previous)) {
    if (!(key in target)) continue;
    if (!(key in next)) delete target[key];
    else if (isMap(value) && isMap(next[key]) && isMap(target[key]))
      prune(target[key], value, next[key]);
  }
  return target;
}

/** A field both configurations set to different values, or undefined. */
function conflicts(a: Obj, b: Obj, path = ''): string | undefined {
  for (const [key, value] of Object.entries(a)) {
    if (!(key in b)) continue;
    const here = path ? `${path}.${key}` : key;
    if (isMap(value) && isMap(b[key])) {
      const inner = conflicts(value, b[key], here);
      if (inner) return inner;
    } else if (stable(value) !== stable(b[key])) {
      return here;
    }
  }
  return undefined;
}

function isMap(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Fields the API server fills in when they are not given (the ones Slipway's objects meet). */
function applyDefaults(kind: string, o: Obj) {
  const podSpec = (spec: Obj | undefined) => {
    if (!spec) return;
    spec.restartPolicy ??= 'Always';
    spec.dnsPolicy ??= 'ClusterFirst';
    spec.terminationGracePeriodSeconds ??= 30;
    spec.schedulerName ??= 'default-scheduler';
    for (const c of spec.containers ?? []) {
      c.imagePullPolicy ??= /:latest$|^[^:]*$/.test(
        String(c.image).split('/').pop() ?? '',
      )
        ? 'Always'
        : 'IfNotPresent';
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      for (const p of c.ports ?? []) p.protocol ??= 'TCP';
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        if (!probe) continue;
        probe.timeoutSeconds ??= 1;
        probe.periodSeconds ??= 10;
        probe.successThreshold ??= 1;
        probe.failureThreshold ??= 3;
        if (probe.httpGet) probe.httpGet.scheme ??= 'HTTP';
      }
    }
  };
  switch (kind) {
    case 'Namespace':
      o.metadata.labels = {
        ...o.metadata.labels,
        'kubernetes.io/metadata.name': o.metadata.name,
      };
      o.spec ??= { finalizers: ['kubernetes'] };
      o.status ??= { phase: 'Active' };
      break;
    case 'Secret':
      o.type ??= 'Opaque';
      break;
    case 'Service':
      o.spec.type ??= 'ClusterIP';
      o.spec.sessionAffinity ??= 'None';
      o.spec.clusterIP ??= `10.96.${Math.floor(Math.random() * 250)}.${
        1 + Math.floor(Math.random() * 250)
      }`;
      for (const p of o.spec.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    case 'Deployment':
      o.spec.replicas ??= 1;
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      o.spec.strategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      };
      podSpec(o.spec.template?.spec);
      break;
    case 'Job':
      o.spec.backoffLimit ??= 6;
      o.spec.completions ??= 1;
      o.spec.parallelism ??= 1;
      podSpec(o.spec.template?.spec);
      break;
    case 'Pod':
      podSpec(o.spec);
      break;
    default:
  }
}

/** The default behaviour of a Job's command: `echo …` prints, `exit N` exits; `a; b` and `a && b` run in turn. */
function defaultRunCommand(command: string, env: Record<string, string>) {
  let output = '';
  for (const part of command
    .split(/;|&&/)
    .map(p => p.trim())
    .filter(Boolean)) {
    const exit = /^exit\s+(\d+)$/.exec(part);
    if (exit) return { exitCode: Number(exit[1]), output };
    const echo = /^echo\s+(.*)$/.exec(part);
    if (echo) {
      output += `${echo[1]
        .replace(/^["']|["']$/g, '')
        .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, k) => env[k] ?? '')}\n`;
      continue;
    }
    return {
      exitCode: 127,
      output: `${output}/bin/sh: ${part.split(/\s/)[0]}: not found\n`,
    };
  }
  return { exitCode: 0, output };
}
