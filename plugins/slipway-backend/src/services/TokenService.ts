import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type DeployToken,
} from '@slipway/plugin-slipway-common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  actorOf,
  loadApp,
  requireObject,
  type ServiceContext,
} from './context';
import { actorName } from './names';

const PREFIX = 'slw_';

/** sha256 of a token; only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Deploy tokens for git push and scripts: shown once, stored hashed, revocable. */
export class TokenService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<DeployToken[]> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    return this.ctx.ledger.tokens.list(name);
  }

  /** Issues a token for the caller; the response is the only place the token ever appears. */
  async create(
    credentials: BackstageCredentials,
    name: string,
    body: unknown,
  ): Promise<DeployToken> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const input = requireObject(body ?? {}, 'Token', ['description']);
    const description = input.description ?? '';
    if (
      typeof description !== 'string' ||
      description.length > 200 ||
      /[\r\n\0]/.test(description)
    ) {
      throw new InputError(
        'description must be one line of at most 200 characters',
      );
    }
    const actor = actorOf(credentials);
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = {
      id: randomUUID(),
      app: name,
      description,
      createdBy: actor,
      createdAt: this.ctx.now().toISOString(),
    };
    await this.ctx.ledger.transaction(async tx => {
      await tx.tokens.insert({ ...record, tokenHash: hashToken(token) });
      await tx.events.append({
        app: name,
        type: 'token.create',
        message: `${actorName(actor)} created a deploy token${
          description ? ` (${description})` : ''
        }`,
        actor,
        createdAt: record.createdAt,
        details: { id: record.id },
      });
    });
    return { ...record, token };
  }

  async revoke(
    credentials: BackstageCredentials,
    name: string,
    id: string,
  ): Promise<void> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const token = await this.ctx.ledger.tokens.get(name, id);
    if (!token)
      throw new NotFoundError(
        `App "${name}" has no deploy token "${id.slice(0, 64)}"`,
      );
    const actor = actorOf(credentials);
    await this.ctx.ledger.transaction(async tx => {
      await tx.tokens.delete(name, id);
      await tx.events.append({
        app: name,
        type: 'token.revoke',
        message: `${actorName(actor)} revoked a deploy token${
          token.description ? ` (${token.description})` : ''
        }`,
        actor,
        createdAt: this.ctx.now().toISOString(),
        details: { id },
      });
    });
  }

  /** Who a deploy token belongs to, if it is a valid token of `app` (for the git remote). */
  async authenticate(
    app: string,
    token: string,
  ): Promise<{ userEntityRef: string } | undefined> {
    if (
      typeof token !== 'string' ||
      !token.startsWith(PREFIX) ||
      token.length > 128
    )
      return undefined;
    const record = await this.ctx.ledger.tokens.findByHash(
      app,
      hashToken(token),
    );
    return record && { userEntityRef: record.createdBy };
  }
}
