import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  slipwayAppReadPermission,
  type AppEvent,
  type Page,
  type PageQuery,
} from '@slipway/plugin-slipway-common';
import { loadApp, type ServiceContext } from './context';
import { pageInfo, pageRequest } from './cursor';

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
    const found = await this.ctx.ledger.events.list(name, page);
    return {
      items: found.items,
      totalItems: found.totalItems,
      pageInfo: pageInfo(found),
    };
  }
}
