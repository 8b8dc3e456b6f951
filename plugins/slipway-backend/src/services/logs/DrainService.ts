import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { slipwayAppUpdatePermission } from '@slipway/plugin-slipway-common';
import { randomUUID } from 'node:crypto';
import { actorOf, loadApp, type ServiceContext } from '../context';
import { maskDrainUrl, parseDrainUrl } from '../../domain/drainUrl';
import { checkDrainHost, type DrainAddressPolicy } from './drainAddresses';
import type { DrainHub } from './DrainHub';

/** What the API shows of a drain: never its URL's secrets. */
export type DrainView = {
  id: string;
  url: string;
  createdBy: string;
  createdAt: string;
  /** Lines sent, and lost to a full buffer, since the backend started. */
  sent: number;
  dropped: number;
  lastError?: string;
};

const MAX_DRAINS = 5;

/** Log drains of an app: the owner's (update permission) to add, see and remove. */
export class DrainService {
  constructor(private readonly ctx: ServiceContext) {}

  private get drains(): { hub: DrainHub; policy: DrainAddressPolicy } {
    if (!this.ctx.logDrains)
      throw new NotAllowedError('Log drains are not enabled on this backend');
    return this.ctx.logDrains;
  }

  async list(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<DrainView[]> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    return (await this.ctx.ledger.drains.list(name)).map(drain => {
      const sender = this.drains.hub.sender(drain.id);
      return {
        id: drain.id,
        url: drain.display,
        createdBy: drain.createdBy,
        createdAt: drain.createdAt,
        sent: sender?.sent ?? 0,
        dropped: sender?.dropped ?? 0,
        ...(sender?.lastError ? { lastError: sender.lastError } : {}),
      };
    });
  }

  async create(
    credentials: BackstageCredentials,
    name: string,
    input: { url: string },
  ): Promise<DrainView> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const target = parseDrainUrl(input.url);
    if (typeof target === 'string') throw new InputError(target);
    // Checked now for a clear answer, and again at every connect (DNS rebinding).
    const problem = await checkDrainHost(
      this.drains.policy,
      target.host,
      target.port,
    );
    if (problem) throw new InputError(`url is refused: ${problem}`);
    const display = maskDrainUrl(input.url);
    const drain = {
      id: randomUUID(),
      app: name,
      url: input.url,
      display,
      createdBy: actorOf(credentials),
      createdAt: this.ctx.now().toISOString(),
    };
    // Count and insert under the app's lock: two concurrent POSTs cannot make a sixth.
    await this.ctx.ledger.transaction(async tx => {
      await tx.drains.lockApp(name);
      const existing = await tx.drains.list(name);
      if (existing.length >= MAX_DRAINS)
        throw new InputError(`an app has at most ${MAX_DRAINS} drains`);
      if (existing.some(d => d.url === input.url))
        throw new InputError(`${display} is a drain of ${name} already`);
      await tx.drains.insert(drain);
      await tx.events.append({
        app: name,
        type: 'drain.add',
        message: `Log drain ${display} added`,
        actor: drain.createdBy,
      });
    });
    await this.drains.hub.add(drain);
    return {
      id: drain.id,
      url: display,
      createdBy: drain.createdBy,
      createdAt: drain.createdAt,
      sent: 0,
      dropped: 0,
    };
  }

  async delete(
    credentials: BackstageCredentials,
    name: string,
    id: string,
  ): Promise<void> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const drain = (await this.ctx.ledger.drains.list(name)).find(
      d => d.id === id,
    );
    if (!drain) throw new NotFoundError(`No drain ${id} of app ${name}`);
    await this.ctx.ledger.transaction(async tx => {
      await tx.drains.delete(name, id);
      await tx.events.append({
        app: name,
        type: 'drain.remove',
        message: `Log drain ${drain.display} removed`,
        actor: actorOf(credentials),
      });
    });
    this.drains.hub.remove(id);
  }
}
