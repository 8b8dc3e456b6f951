import { AppService } from './AppService';
import { BuildService } from './BuildService';
import { CertService } from './CertService';
import { ConfigService } from './ConfigService';
import type { ServiceContext } from './context';
import { DomainService } from './DomainService';
import { EventService } from './EventService';
import { ProcessService } from './ProcessService';
import { ReleaseService } from './ReleaseService';
import { SettingsService } from './SettingsService';
import { TokenService } from './TokenService';

export type { ServiceContext, AppChangePublisher } from './context';
export type { BuildInput } from './BuildService';
export { parseVersion } from './ReleaseService';
export { withDefaults, DEFAULT_SETTINGS } from '../domain/defaults';
export {
  AppService,
  BuildService,
  CertService,
  ConfigService,
  DomainService,
  EventService,
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
    domains: new DomainService(ctx),
    certs: new CertService(ctx),
    settings: new SettingsService(ctx),
    events: new EventService(ctx),
    tokens: new TokenService(ctx),
  };
}
