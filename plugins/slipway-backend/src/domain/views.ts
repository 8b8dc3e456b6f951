import type {
  App,
  Build,
  Cert,
  Config,
  ConfigView,
  Release,
} from '@slipway/plugin-slipway-common';
import type {
  AppRecord,
  BuildRecord,
  CertRecord,
  DomainRecord,
  ReleaseRecord,
} from '../ledger';
import { secretMask } from './secretMask';
import { byCodePoint } from './order';
import { shortImage } from './releases/summary';

/** The API's view of a config: values only for callers who may read them; keys always. */
export function configView(config: Config, reveal: boolean): ConfigView {
  return {
    values: reveal ? sortKeys(config.values) : {},
    limits: config.limits,
    tags: config.tags,
    healthchecks: config.healthchecks,
    keys: Object.keys(config.values).sort(),
    revealed: reveal,
  };
}

export function buildView(
  build: BuildRecord | Omit<BuildRecord, 'log'>,
  withLog = false,
): Build {
  const { log, ...rest } = build as BuildRecord;
  return withLog ? { ...rest, log: log ?? '' } : rest;
}

/**
 * A slug's full hash is for its owners (who may read config): readers, and every app list,
 * see `slug:<first 12>` like a short commit id.
 */
function shortSlug<T extends { image: string }>(build: T): T {
  return { ...build, image: shortImage(build.image) };
}

export function releaseView(
  release: ReleaseRecord,
  build: Omit<BuildRecord, 'log'> | undefined,
  reveal: boolean,
): Release {
  return {
    app: release.app,
    version: release.version,
    ...(build ? { build: buildView(reveal ? build : shortSlug(build)) } : {}),
    config: configView(release.config, reveal),
    summary: release.summary,
    createdBy: release.createdBy,
    createdAt: release.createdAt,
    status: release.status,
    // A reason may quote output (a failed release command's last lines): masked like values.
    ...(release.reason
      ? {
          reason: reveal
            ? release.reason
            : secretMask([release.config.values])(release.reason),
        }
      : {}),
  };
}

export function appView(
  app: AppRecord,
  extras: { url: string; gitRemote: string; release?: Release },
): App {
  return {
    name: app.name,
    owner: app.owner,
    cluster: app.cluster,
    ...(app.description ? { description: app.description } : {}),
    structure: app.structure,
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    url: extras.url,
    gitRemote: extras.gitRemote,
    ...(extras.release ? { release: extras.release } : {}),
    ...(app.health ? { health: app.health } : {}),
    ...(app.healthSince ? { healthSince: app.healthSince } : {}),
  };
}

export function certView(cert: CertRecord, domains: DomainRecord[]): Cert {
  return {
    ...cert,
    domains: domains.filter(d => d.cert === cert.name).map(d => d.domain),
  };
}

export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => byCodePoint(a, b)),
  );
}
