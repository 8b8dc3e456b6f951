import type { Knex } from 'knex';
import type { PipelineStage } from '@slipway/plugin-slipway-common';
import { applyFilter } from './AppStore';
import { readPage, type PageOf, type PageRequest } from './keyset';
import type { AppFilter, CouplingRecord, PipelineRecord } from './types';

type PipelineRow = {
  name: string;
  owner: string;
  created_by: string;
  created_at: string;
};

type CouplingRow = {
  app: string;
  pipeline: string;
  stage: string;
  created_at: string;
};

const TABLE = 'slipway_pipelines';
const APPS = 'slipway_pipeline_apps';

/** Stores pipelines and which app is coupled to which pipeline in which stage. */
export class PipelineStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async get(name: string): Promise<PipelineRecord | undefined> {
    const row = await this.db<PipelineRow>(TABLE).where({ name }).first();
    return row && toRecord(row);
  }

  async getMany(names: string[]): Promise<PipelineRecord[]> {
    if (names.length === 0) return [];
    return (await this.db<PipelineRow>(TABLE).whereIn('name', names)).map(
      toRecord,
    );
  }

  /** One page of pipelines sorted by name (keyset-paged like every list). */
  async page(
    filter: AppFilter | undefined,
    page: PageRequest,
  ): Promise<PageOf<PipelineRecord>> {
    const query = this.db<PipelineRow>(TABLE);
    if (filter) query.where(builder => applyFilter(builder, filter));
    const found = await readPage<PipelineRow>(
      query,
      { columns: ['name'], order: 'asc', keyOf: row => [row.name] },
      page,
    );
    return { ...found, items: found.items.map(toRecord) };
  }

  async insert(pipeline: PipelineRecord): Promise<void> {
    await this.db<PipelineRow>(TABLE).insert({
      name: pipeline.name,
      owner: pipeline.owner,
      created_by: pipeline.createdBy,
      created_at: pipeline.createdAt,
    });
  }

  /** Deletes a pipeline and its couplings (the apps stay). */
  async delete(name: string): Promise<void> {
    await this.db<CouplingRow>(APPS).where({ pipeline: name }).delete();
    await this.db<PipelineRow>(TABLE).where({ name }).delete();
  }

  /** Apps coupled to `pipelines`, sorted by app name. */
  async couplings(pipelines: string[]): Promise<CouplingRecord[]> {
    if (pipelines.length === 0) return [];
    const rows = await this.db<CouplingRow>(APPS)
      .whereIn('pipeline', pipelines)
      .orderBy('app');
    return rows.map(toCoupling);
  }

  /** The pipeline an app is coupled to, if any. */
  async couplingOf(app: string): Promise<CouplingRecord | undefined> {
    const row = await this.db<CouplingRow>(APPS).where({ app }).first();
    return row && toCoupling(row);
  }

  /** Couples an app; the primary key on `app` refuses a second pipeline. */
  async couple(coupling: CouplingRecord): Promise<void> {
    await this.db<CouplingRow>(APPS).insert({
      app: coupling.app,
      pipeline: coupling.pipeline,
      stage: coupling.stage,
      created_at: coupling.createdAt,
    });
  }

  async setStage(app: string, stage: PipelineStage): Promise<void> {
    await this.db<CouplingRow>(APPS).where({ app }).update({ stage });
  }

  async decouple(app: string): Promise<number> {
    return await this.db<CouplingRow>(APPS).where({ app }).delete();
  }
}

function toRecord(row: PipelineRow): PipelineRecord {
  return {
    name: row.name,
    owner: row.owner,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toCoupling(row: CouplingRow): CouplingRecord {
  return {
    app: row.app,
    pipeline: row.pipeline,
    stage: row.stage as PipelineStage,
    createdAt: row.created_at,
  };
}
