import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type AppSettings,
} from '@slipway/plugin-slipway-common';
import { actorOf, loadApp, type ServiceContext } from './context';
import { actorName } from '../domain/names';
import { canonicalJson } from '../domain/releases/diff';
import { withDefaults } from '../domain/defaults';
import type { RequestBody } from './requests';
import { requireApprover } from './owners';
import { applySettingsPatch } from './settings/validateSettingsPatch';

/** The runtime that applies `autoscale` (as HorizontalPodAutoscalers); others refuse it. */
const AUTOSCALING_RUNTIME = 'kubernetes';

/** Router and rollout settings of an app. Changes are events, not releases. */
export class SettingsService {
  constructor(private readonly ctx: ServiceContext) {}

  async get(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<AppSettings> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppReadPermission,
    );
    return withDefaults(app.settings);
  }

  async patch(
    credentials: BackstageCredentials,
    name: string,
    body: RequestBody<'PatchSettings'>,
  ): Promise<AppSettings> {
    const app = await loadApp(
      this.ctx,
      credentials,
      name,
      slipwayAppUpdatePermission,
    );
    const current = withDefaults(app.settings);
    const next = applySettingsPatch(current, body);
    if (
      Object.keys(next.autoscale).length > 0 &&
      this.ctx.runtimeName !== AUTOSCALING_RUNTIME
    ) {
      throw new InputError(
        `autoscale needs the ${AUTOSCALING_RUNTIME} runtime (a HorizontalPodAutoscaler per process type); this backend runs the "${this.ctx.runtimeName}" runtime`,
      );
    }
    if (body.autoTls === true && this.ctx.autoTlsUnavailable) {
      throw new InputError(this.ctx.autoTlsUnavailable);
    }
    // Root in a pod is root on the node: the platform decides, not the app's tenants.
    if (body.runAsNonRoot === false && !this.ctx.allowRoot) {
      throw new InputError(
        'runAsNonRoot: false is not allowed on this platform: apps run as non-root unless the operator sets slipway.kubernetes.pods.allowRoot',
      );
    }
    const changed = (Object.keys(next) as (keyof AppSettings)[]).filter(
      key => canonicalJson(current[key]) !== canonicalJson(next[key]),
    );
    if (changed.length === 0) return current;
    // Turning approval on must not make promotions wait for an approval nobody may give.
    if (next.requireApproval && !current.requireApproval) {
      await requireApprover(this.ctx, name, app.owner);
    }
    const actor = actorOf(credentials);
    const now = this.ctx.now().toISOString();
    await this.ctx.ledger.transaction(async tx => {
      await tx.apps.update(name, { settings: next, updatedAt: now });
      await tx.events.append({
        app: name,
        type: 'settings.update',
        message: `${actorName(actor)} changed ${changed.join(', ')}`,
        actor,
        createdAt: now,
        details: Object.fromEntries(
          changed.map(key => [key, { from: current[key], to: next[key] }]),
        ),
      });
    });
    this.ctx.reconciler.schedule(name);
    return next;
  }
}
