import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  slipwayAppReadPermission,
  type AppEvent,
  type Page,
  type PageQuery,
} from '@slipway/plugin-slipway-common';
import { loadApp, type ServiceContext } from './context';
import { pageInfo, pageRequest } from './cursor';
import { maskJson, outputMask } from './masking';

/** The audit trail of an app, newest first. */
export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
    query: PageQuery = {},
  ): Promise<Page<AppEvent>> {
    const page = pageRequest(query, ['number']);
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [found, mask] = await Promise.all([
      this.ctx.ledger.events.list(name, page),
      outputMask(this.ctx, credentials, name),
    ]);
    // Events quote reasons and output (a failed release command), so they are masked like logs.
    return {
      items: found.items.map(event => ({
        ...event,
        message: mask(event.message),
        ...(event.details ? { details: maskJson(event.details, mask) } : {}),
      })),
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
    };
  }
}
