import { AppService } from './AppService';
import { BuildService } from './BuildService';
import { CertService } from './CertService';
import { ConfigService } from './ConfigService';
import type { ServiceContext } from './context';
import { DomainService } from './DomainService';
import { DeliveryService } from './DeliveryService';
import { EventService } from './EventService';
import { MetricsService } from './MetricsService';
import { ProcessService } from './ProcessService';
import { RetainedLogService } from './logs/RetainedLogService';
import { DrainService } from './logs/DrainService';
import { ReleaseService } from './ReleaseService';
import { SettingsService } from './SettingsService';
import { TokenService } from './TokenService';

export type { ServiceContext, AppChangePublisher } from './context';
export type { BuildInput } from './BuildService';
export { LogRetainer, type LogRetention } from './logs/LogRetainer';
export { readLogRetention } from './logs/retentionConfig';
export { parseVersion } from './ReleaseService';
export { withDefaults, DEFAULT_SETTINGS } from '../domain/defaults';
export {
  AppService,
  BuildService,
  CertService,
  ConfigService,
  DomainService,
  DeliveryService,
  EventService,
  MetricsService,
  ProcessService,
  ReleaseService,
  SettingsService,
  TokenService,
};

/** All of Slipway's services over one context. */
export type SlipwayServices = ReturnType<typeof createServices>;

export function createServices(ctx: ServiceContext) {
  return {
    apps: new AppService(ctx),
    config: new ConfigService(ctx),
    builds: new BuildService(ctx),
    releases: new ReleaseService(ctx),
    processes: new ProcessService(ctx),
    retainedLogs: new RetainedLogService(ctx),
    drains: new DrainService(ctx),
    domains: new DomainService(ctx),
    certs: new CertService(ctx),
    settings: new SettingsService(ctx),
    events: new EventService(ctx),
    metrics: new MetricsService(ctx),
    delivery: new DeliveryService(ctx),
    tokens: new TokenService(ctx),
  };
}
