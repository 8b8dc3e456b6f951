import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type DeployToken,
} from '@slipway/plugin-slipway-common';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenRecord } from '../ledger';
import { actorOf, loadApp, type ServiceContext } from './context';
import { actorName } from '../domain/names';
import type { RequestBody } from './requests';
import type { PushIdentity } from './identity/BuildsInFlight';

const PREFIX = 'slw_';
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const DAY_MS = 24 * 3600 * 1000;

/** How long deploy tokens live unless configured otherwise (`slipway.git.tokenTtl`, `maxTokenTtl`). */
export const DEFAULT_TOKEN_TTL_MS = 90 * DAY_MS;
export const DEFAULT_MAX_TOKEN_TTL_MS = 365 * DAY_MS;

/** sha256 of a token; only this is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Deploy tokens for git push and scripts: shown once, stored hashed, revocable, expiring. A token
 * acts for its creator only while the creator owns the app (checked at every use).
 */
export class TokenService {
  constructor(private readonly ctx: ServiceContext) {
    const { ttlMs, maxTtlMs } = this.lifetimes();
    if (!(ttlMs >= 60_000 && ttlMs <= maxTtlMs)) {
      throw new Error(
        'slipway.git.tokenTtl must be at least a minute and no longer than slipway.git.maxTokenTtl (default 365 days)',
      );
    }
  }

  async list(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<DeployToken[]> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    return (await this.ctx.ledger.tokens.list(name)).map(tokenView);
  }

  /**
   * Issues a token for the caller; the response is the only place the token ever appears.
   * `expiresInDays` (whole days, up to the configured maximum) overrides the default lifetime.
   */
  async create(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'CreateToken'> = {},
  ): Promise<DeployToken> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    if ((credentials.principal as { type?: string }).type !== 'user') {
      // A token acts for its creator while the creator owns the app: only users own apps.
      throw new NotAllowedError(
        'Deploy tokens act for the user who creates them: only users can create them',
      );
    }
    const description = input.description ?? '';
    // Also checked by the spec: shown in terminals and pages, where control characters would act.
    if (UNPRINTABLE.test(description)) {
      throw new InputError(
        'description must be one line of printable text (no control characters, separators or bidirectional overrides)',
      );
    }
    const { ttlMs, maxTtlMs } = this.lifetimes();
    const maxDays = Math.max(1, Math.floor(maxTtlMs / DAY_MS));
    let lifetimeMs = ttlMs;
    if (input.expiresInDays !== undefined) {
      // The most a token may live is configured (slipway.git.maxTokenTtl), so not in the spec.
      const days = input.expiresInDays;
      if (days > maxDays) {
        throw new InputError(
          `expiresInDays must be a whole number of days from 1 to ${maxDays}`,
        );
      }
      lifetimeMs = days * DAY_MS;
    }
    const actor = actorOf(credentials);
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = this.ctx.now();
    const record: TokenRecord = {
      id: randomUUID(),
      app: name,
      description,
      createdBy: actor,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
    };
    await this.ctx.ledger.transaction(async tx => {
      await tx.tokens.insert({ ...record, tokenHash: hashToken(token) });
      await tx.events.append({
        app: name,
        type: 'token.create',
        message: `${actorName(actor)} created a deploy token${
          description ? ` (${description})` : ''
        }, valid until ${record.expiresAt.slice(0, 10)}`,
        actor,
        createdAt: record.createdAt,
        details: { id: record.id, expiresAt: record.expiresAt },
      });
    });
    return { ...tokenView(record), token };
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
    // A push in flight with this token stops: it may not release what it built.
    await this.ctx.buildsInFlight?.cancel(
      name,
      'the deploy token was revoked during the build',
      { tokenId: id },
    );
  }

  /**
   * Who a deploy token acts for, if it is a token of `app` (for the git remote): undefined for
   * an unknown token; AuthenticationError (401) when it expired; NotAllowedError (403) when its
   * creator no longer owns the app (by the catalog's ownership now, IS_APP_OWNER's meaning).
   */
  async authenticate(
    app: string,
    token: string,
  ): Promise<PushIdentity | undefined> {
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
    if (!record) return undefined;
    const now = this.ctx.now();
    if (Date.parse(record.expiresAt) <= now.getTime()) {
      throw new AuthenticationError(
        `This deploy token of ${app} expired on ${record.expiresAt}: create a new one`,
      );
    }
    const owner = (await this.ctx.ledger.apps.get(app))?.owner;
    if (!owner || !(await this.owns(record.createdBy, owner))) {
      throw new NotAllowedError(
        `This deploy token acts for ${record.createdBy}, who no longer owns ${app} (owner ${owner})`,
      );
    }
    // Recorded to the minute: most uses within a minute (a push is several requests) write nothing.
    if (record.lastUsedAt?.slice(0, 16) !== now.toISOString().slice(0, 16)) {
      await this.ctx.ledger.tokens.touch(record.id, now.toISOString());
    }
    return { userEntityRef: record.createdBy, tokenId: record.id, owner };
  }

  /**
   * Why a push that authenticated as `identity` may no longer go on (undefined while it may):
   * the app deleted or transferred, the token revoked or expired, or its creator no longer an
   * owner. Asked again before a push's build starts and before its release is made.
   */
  async recheck(
    app: string,
    identity: PushIdentity,
  ): Promise<string | undefined> {
    const current = await this.ctx.ledger.apps.get(app);
    if (!current) return `${app} was deleted during the push`;
    if (current.owner !== identity.owner)
      return `${app} changed owner during the push (from ${identity.owner} to ${current.owner})`;
    const record = await this.ctx.ledger.tokens.get(app, identity.tokenId);
    if (!record) return 'the deploy token was revoked during the push';
    if (Date.parse(record.expiresAt) <= this.ctx.now().getTime())
      return 'the deploy token expired during the push';
    if (!(await this.owns(record.createdBy, current.owner)))
      return `${record.createdBy} no longer owns ${app}`;
    return undefined;
  }

  private async owns(user: string, owner: string): Promise<boolean> {
    if (user.toLocaleLowerCase('en-US') === owner) return true;
    if (!this.ctx.ownership) return false;
    try {
      return (await this.ctx.ownership.ownershipRefs(user)).includes(owner);
    } catch (error) {
      this.ctx.logger.warn(
        `Could not look up the groups of ${user} in the catalog: ${error}`,
      );
      throw new ServiceUnavailableError(
        `Could not check that ${user} still owns the app: the catalog did not answer; try again`,
      );
    }
  }

  private lifetimes() {
    return {
      ttlMs: this.ctx.deployTokens?.ttlMs ?? DEFAULT_TOKEN_TTL_MS,
      maxTtlMs: this.ctx.deployTokens?.maxTtlMs ?? DEFAULT_MAX_TOKEN_TTL_MS,
    };
  }
}

function tokenView(record: TokenRecord): DeployToken {
  return {
    id: record.id,
    app: record.app,
    description: record.description,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    ...(record.lastUsedAt ? { lastUsedAt: record.lastUsedAt } : {}),
    expiresAt: record.expiresAt,
  };
}
