import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  slipwayAppReadPermission,
  type AppEvent,
  type Page,
} from '@slipway/plugin-slipway-common';
import type { PageOptions } from '../ledger';
import { loadApp, type ServiceContext } from './context';

/** The audit trail of an app, newest first. */
export class EventService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
    page: PageOptions,
  ): Promise<Page<AppEvent>> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    return this.ctx.ledger.events.list(name, page);
  }
}
