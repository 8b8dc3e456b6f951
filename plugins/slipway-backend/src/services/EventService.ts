import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  slipwayAppReadPermission,
  type AppEvent,
  type Page,
} from '@slipway/plugin-slipway-common';
import type { PageOptions } from '../ledger';
import { loadApp, type ServiceContext } from './context';
import { maskJson, outputMask } from './masking';

/** The audit trail of an app, newest first. */
export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
    page: PageOptions,
  ): Promise<Page<AppEvent>> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [events, mask] = await Promise.all([
      this.ctx.ledger.events.list(name, page),
      outputMask(this.ctx, credentials, name),
    ]);
    // Events quote reasons and output (a failed release command), so they are masked like logs.
    return {
      ...events,
      items: events.items.map(event => ({
        ...event,
        message: mask(event.message),
        ...(event.details ? { details: maskJson(event.details, mask) } : {}),
      })),
    };
  }
}
