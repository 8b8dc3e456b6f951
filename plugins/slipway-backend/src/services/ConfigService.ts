import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type ConfigPatch,
  type ConfigView,
  type Release,
} from '@slipway/plugin-slipway-common';
import { applyConfigPatch } from './config/applyConfigPatch';
import { refuseMovedConfig } from './config/refuseMovedConfig';
import { validateConfigPatch } from './config/validateConfigPatch';
import type { RequestBody } from './requests';
import { actorOf, loadApp, type ServiceContext } from './context';
import { appendRelease } from './releases/appendRelease';
import { diffReleases } from '../domain/releases/diff';
import { configChangeSummary } from '../domain/releases/summary';
import { configView, releaseView } from '../domain/views';

/** Config: read (values only with slipway.app.config.read) and change (a new release). */
export class ConfigService {
  constructor(private readonly ctx: ServiceContext) {}

  async get(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<ConfigView> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    const latest = (await this.ctx.ledger.releases.latest(name))!;
    return { ...configView(latest.config, reveal), version: latest.version };
  }

  /**
   * Applies a config PATCH as a new release. Refused (409, nothing written) when it changes
   * nothing, or when the config changed since its `baseVersion`.
   */
  async patch(
    credentials: BackstageCredentials,
    name: string,
    body: RequestBody<'PatchConfig'>,
  ): Promise<Release> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const patch = validateConfigPatch(body);
    this.refuseLimitsWithout(patch);
    const actor = actorOf(credentials);
    const release = await appendRelease(
      this.ctx.ledger,
      name,
      this.ctx.now,
      async (latest, tx) => {
        await refuseMovedConfig(tx, latest, patch.baseVersion);
        const config = applyConfigPatch(latest.config, patch);
        const changes = diffReleases(
          { config: latest.config },
          { config },
          false,
        );
        if (changes.length === 0) {
          throw new ConflictError(
            `Nothing changed: the config of "${name}" already is what the PATCH asks for`,
          );
        }
        return {
          buildId: latest.buildId,
          config,
          summary: configChangeSummary(actor, changes),
          createdBy: actor,
        };
      },
    );
    // Before its processes start: drains mask the new values at once.
    this.ctx.logDrains?.hub.learn(name, release.config.values);
    this.ctx.reconciler.schedule(name);
    const build = release.buildId
      ? await this.ctx.ledger.builds.get(name, release.buildId)
      : undefined;
    const reveal = await this.ctx.authorizer.mayReadValues(credentials, name);
    return releaseView(release, build, reveal);
  }

  /** Limits the runtime cannot apply (or over its ceilings) are refused (as autoscale is), not stored to be ignored. */
  private refuseLimitsWithout(patch: ConfigPatch) {
    const limited = Object.entries(patch.limits ?? {})
      .filter(([, limits]) => limits !== null)
      .map(([type]) => type);
    const problem =
      limited.length > 0 && this.ctx.runtime.limitsProblem?.(patch.limits);
    if (problem) {
      throw new InputError(
        `Limits (${limited.join(', ')}) cannot be applied by the "${
          this.ctx.runtimeName
        }" runtime of this backend: ${problem}`,
      );
    }
  }
}
