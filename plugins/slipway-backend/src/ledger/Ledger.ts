import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { SecretBox } from '../crypto';
import { AcmeStore } from './AcmeStore';
import { AppStore } from './AppStore';
import { AuthFailureStore } from './AuthFailureStore';
import { BuildStore } from './BuildStore';
import { CertStore } from './CertStore';
import { DomainStore } from './DomainStore';
import { DrainStore } from './DrainStore';
import { EventStore } from './EventStore';
import { LeaseStore } from './LeaseStore';
import { MetricStore } from './MetricStore';
import { LogStore } from './LogStore';
import { PipelineStore } from './PipelineStore';
import { PromotionStore } from './PromotionStore';
import { ReleaseStore } from './ReleaseStore';
import { TokenStore } from './TokenStore';

const migrationsDir = resolvePackagePath(
  '@slipway/plugin-slipway-backend',
  'migrations',
);

/**
 * The ledger: all of Slipway's stores over one knex connection (or one transaction).
 * Stores only store; the rules live in domain/ and services/.
 */
export class Ledger {
  static async create(options: {
    database: DatabaseService;
    box: SecretBox;
  }): Promise<Ledger> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new Ledger(client, options.box);
  }

  readonly apps: AppStore;
  readonly builds: BuildStore;
  readonly releases: ReleaseStore;
  readonly domains: DomainStore;
  readonly certs: CertStore;
  readonly events: EventStore;
  readonly logs: LogStore;
  readonly drains: DrainStore;
  readonly tokens: TokenStore;
  readonly pipelines: PipelineStore;
  readonly promotions: PromotionStore;
  readonly leases: LeaseStore;
  readonly authFailures: AuthFailureStore;
  readonly metrics: MetricStore;
  readonly acme: AcmeStore;

  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly box: SecretBox,
  ) {
    this.apps = new AppStore(db);
    this.builds = new BuildStore(db);
    this.releases = new ReleaseStore(db, box);
    this.domains = new DomainStore(db);
    this.certs = new CertStore(db, box);
    this.events = new EventStore(db);
    this.logs = new LogStore(db);
    this.drains = new DrainStore(db, box);
    this.tokens = new TokenStore(db);
    this.pipelines = new PipelineStore(db);
    this.promotions = new PromotionStore(db);
    this.leases = new LeaseStore(db);
    this.authFailures = new AuthFailureStore(db);
    this.metrics = new MetricStore(db);
    this.acme = new AcmeStore(db, box);
  }

  /** Runs `fn` with a ledger whose writes commit together or not at all. */
  transaction<T>(fn: (ledger: Ledger) => Promise<T>): Promise<T> {
    return this.db.transaction(trx => fn(new Ledger(trx, this.box)));
  }
}

export { migrationsDir };
