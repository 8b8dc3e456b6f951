import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  CatalogService,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventParams, EventsService } from '@backstage/plugin-events-node';
import {
  SLIPWAY_APPS_TOPIC,
  SLIPWAY_PIPELINES_TOPIC,
  SlipwayClient,
  type App,
  type Pipeline,
  type SlipwayApi,
  type SlipwayAppsEvent,
  type SlipwayPipelinesEvent,
} from '@slipway/plugin-slipway-common';
import {
  appEntityRef,
  appLocationRef,
  appToEntity,
  isFromSlipwayProvider,
  SLIPWAY_APP_ANNOTATION,
} from './appEntity';
import {
  pipelineEntityRef,
  pipelineLocationRef,
  pipelineOfApps,
  stageOfApps,
  pipelineToEntity,
  SLIPWAY_PIPELINE_ANNOTATION,
} from './pipelineEntity';

const DEFAULT_SCHEDULE = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
};

/**
 * Emits one catalog `Component` per Slipway app: a full sync on a schedule, and a delta
 * within seconds of a change through the `slipway.apps` events topic. An app that another
 * location already defines (an entity with its `slipway.io/app` annotation) is left to it.
 */
export class SlipwayEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly client: SlipwayApi;

  /** Reads the schedule from `catalog.providers.slipway.schedule` (default every 5 minutes). */
  static fromConfig(
    config: RootConfigService,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      auth: AuthService;
      discovery: DiscoveryService;
      catalog: CatalogService;
      events: EventsService;
    },
  ): SlipwayEntityProvider {
    const scheduleConfig = config.getOptionalConfig(
      'catalog.providers.slipway.schedule',
    );
    const schedule = scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE;
    return new SlipwayEntityProvider({
      ...deps,
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
    });
  }

  constructor(
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      auth: AuthService;
      discovery: DiscoveryService;
      catalog: CatalogService;
      events: EventsService;
    },
  ) {
    const { auth, discovery } = deps;
    // The provider reads apps as itself (a service), not on behalf of any user.
    const fetchApi: { fetch: typeof fetch } = {
      fetch: async (input, init) => {
        const { token } = await auth.getPluginRequestToken({
          onBehalfOf: await auth.getOwnServiceCredentials(),
          targetPluginId: 'slipway',
        });
        const headers = new Headers(init?.headers);
        headers.set('Authorization', `Bearer ${token}`);
        return fetch(input, { ...init, headers });
      },
    };
    this.client = new SlipwayClient({
      discoveryApi: discovery,
      fetchApi,
    });
  }

  getProviderName(): string {
    return 'slipway';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
    await this.deps.events.subscribe({
      id: 'slipway-entity-provider',
      topics: [SLIPWAY_APPS_TOPIC, SLIPWAY_PIPELINES_TOPIC],
      onEvent: params =>
        params.topic === SLIPWAY_PIPELINES_TOPIC
          ? this.onPipelineEvent(params)
          : this.onEvent(params),
    });
  }

  /**
   * Full sync: the catalog ends up with exactly one entity per app not defined elsewhere,
   * and one System per pipeline.
   */
  async refresh(): Promise<void> {
    const connection = this.requireConnection();
    const apps = await this.allApps();
    const pipelines = await this.listPipelines();
    const systemOf = pipelineOfApps(pipelines);
    const stageOf = stageOfApps(pipelines);
    const elsewhere = await this.appsDefinedElsewhere();
    const entities = [
      ...apps
        .filter(app => !elsewhere.has(app.name))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(app =>
          this.deferred(app, systemOf.get(app.name), stageOf.get(app.name)),
        ),
      ...pipelines.map(pipeline => this.pipelineDeferred(pipeline)),
    ];
    await connection.applyMutation({ type: 'full', entities });
    this.deps.logger.info(
      `Slipway: ${entities.length} apps in the catalog${
        elsewhere.size ? `, ${elsewhere.size} defined elsewhere` : ''
      }`,
    );
  }

  /** Every app, page by page. */
  private async allApps(): Promise<App[]> {
    const apps: App[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listApps({ limit: 500, cursor });
      apps.push(...page.items);
      cursor = page.pageInfo?.nextCursor;
    } while (cursor);
    return apps;
  }

  /** Applies one app change as a delta. */
  async onEvent(params: EventParams): Promise<void> {
    if (!this.connection) return; // not connected yet: the first full sync covers it
    const { action, app } = (params.eventPayload ??
      {}) as Partial<SlipwayAppsEvent>;
    if (typeof app !== 'string' || !action) {
      this.deps.logger.warn(
        `Slipway: ignoring malformed ${SLIPWAY_APPS_TOPIC} event`,
      );
      return;
    }
    try {
      const current =
        action === 'deleted' ? undefined : await this.findApp(app);
      const keep = current && !(await this.appsDefinedElsewhere(app)).has(app);
      // Coupling, decoupling and deleting a pipeline come as changes of its apps: the app's
      // pipeline System comes along, and Systems of deleted pipelines go.
      const pipelines = await this.listPipelines();
      const system = pipelineOfApps(pipelines).get(app);
      const pipeline = pipelines.find(p => p.name === system);
      const gone = await this.systemsOfDeletedPipelines(pipelines);
      await this.connection.applyMutation({
        type: 'delta',
        added: [
          ...(keep
            ? [this.deferred(current, system, stageOfApps(pipelines).get(app))]
            : []),
          ...(keep && pipeline ? [this.pipelineDeferred(pipeline)] : []),
        ],
        removed: [
          ...(keep ? [] : [{ entityRef: appEntityRef(app) }]),
          ...gone.map(name => ({ entityRef: pipelineEntityRef(name) })),
        ],
      });
    } catch (error) {
      // The next full sync repairs whatever this missed.
      this.deps.logger.warn(
        `Slipway: could not update the entity of ${app}: ${error}`,
      );
    }
  }

  /** Applies a created or deleted pipeline as a delta (one without apps has no app change to come with). */
  async onPipelineEvent(params: EventParams): Promise<void> {
    if (!this.connection) return;
    const { pipeline: name } = (params.eventPayload ??
      {}) as Partial<SlipwayPipelinesEvent>;
    if (typeof name !== 'string') {
      this.deps.logger.warn(
        `Slipway: ignoring malformed ${SLIPWAY_PIPELINES_TOPIC} event`,
      );
      return;
    }
    try {
      const pipelines = await this.listPipelines();
      const pipeline = pipelines.find(p => p.name === name);
      const gone = await this.systemsOfDeletedPipelines(pipelines);
      await this.connection.applyMutation({
        type: 'delta',
        added: pipeline ? [this.pipelineDeferred(pipeline)] : [],
        removed: gone.map(p => ({ entityRef: pipelineEntityRef(p) })),
      });
    } catch (error) {
      this.deps.logger.warn(
        `Slipway: could not update the System of pipeline ${name}: ${error}`,
      );
    }
  }

  private deferred(app: App, system?: string, stage?: string): DeferredEntity {
    return {
      entity: appToEntity(app, system, stage),
      locationKey: appLocationRef(app.name),
    };
  }

  private pipelineDeferred(pipeline: Pipeline): DeferredEntity {
    return {
      entity: pipelineToEntity(pipeline),
      locationKey: pipelineLocationRef(pipeline.name),
    };
  }

  /** Names of the pipelines this provider put in the catalog that no longer exist. */
  private async systemsOfDeletedPipelines(
    pipelines: Pipeline[],
  ): Promise<string[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${SLIPWAY_PIPELINE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['metadata.annotations'],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    const existing = new Set(pipelines.map(p => p.name));
    return items
      .map(entity => entity.metadata.annotations ?? {})
      .filter(
        annotations =>
          annotations[ANNOTATION_ORIGIN_LOCATION] ===
            pipelineLocationRef(annotations[SLIPWAY_PIPELINE_ANNOTATION]) &&
          !existing.has(annotations[SLIPWAY_PIPELINE_ANNOTATION]),
      )
      .map(annotations => annotations[SLIPWAY_PIPELINE_ANNOTATION]);
  }

  /** Every pipeline, page by page. */
  private async listPipelines(): Promise<Pipeline[]> {
    const pipelines: Pipeline[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.listPipelines({ limit: 500, cursor });
      pipelines.push(...page.items);
      cursor = page.pageInfo?.nextCursor;
    } while (cursor);
    return pipelines;
  }

  private async findApp(app: string): Promise<App | undefined> {
    try {
      return await this.client.getApp(app);
    } catch (error) {
      if (ResponseError.is(error) && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Names of apps that an entity from some other location already stands for. */
  private async appsDefinedElsewhere(app?: string): Promise<Set<string>> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SLIPWAY_APP_ANNOTATION}`]:
            app ?? CATALOG_FILTER_EXISTS,
        },
        fields: ['metadata.annotations'],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return new Set(
      items
        .filter(entity => !isFromSlipwayProvider(entity.metadata.annotations))
        .map(entity => entity.metadata.annotations![SLIPWAY_APP_ANNOTATION]),
    );
  }

  private requireConnection(): EntityProviderConnection {
    if (!this.connection) {
      throw new Error(
        'SlipwayEntityProvider is not connected to the catalog yet',
      );
    }
    return this.connection;
  }
}
