import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  domainProblem,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type Domain,
} from '@slipway/plugin-slipway-common';
import { isUniqueViolation } from '../ledger';
import { actorOf, loadApp, type ServiceContext } from './context';
import { actorName } from '../domain/names';
import type { RequestBody } from './requests';
import { certificateFor } from './certs/autoAttach';

/** Custom domains: unique across apps, never under the platform domain (that is the router's). */
export class DomainService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(
    credentials: BackstageCredentials,
    name: string,
  ): Promise<Domain[]> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [domains, states] = await Promise.all([
      this.ctx.ledger.domains.list(name),
      this.ctx.ledger.acme.list([name]),
    ]);
    const stateOf = new Map(states.map(s => [s.domain, s]));
    return domains.map(domain => {
      const acme = stateOf.get(domain.domain);
      if (!acme) return domain;
      // nextRenewal is the next retry of a failing domain (after backoff).
      const { domain: _d, app: _a, cert: _c, failures: _f, ...autoTls } = acme;
      return { ...domain, autoTls };
    });
  }

  async add(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'AddDomain'>,
  ): Promise<Domain> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const problem = domainProblem(input.domain);
    if (problem) throw new InputError(problem);
    const domain = input.domain;
    const platform = this.ctx.platformDomain.toLowerCase();
    if (domain === platform || domain.endsWith(`.${platform}`)) {
      throw new InputError(
        `Domain "${domain}" is under the platform domain ${platform}, whose names belong to apps by default`,
      );
    }
    const existing = await this.ctx.ledger.domains.get(domain);
    if (existing) throw this.taken(domain, name, existing.app);
    // Another app's wildcard serves (and its owner's DNS sends here) every name under it: a
    // tenant claiming one of them would take its traffic and, with autoTls, get a certificate.
    const cover = await this.wildcardOfOtherApp(domain, name);
    if (cover) {
      throw new ConflictError(
        `Domain "${domain}" is under the wildcard domain "${cover}" of another app`,
      );
    }
    const actor = actorOf(credentials);
    const record: Domain = {
      app: name,
      domain,
      createdBy: actor,
      createdAt: this.ctx.now().toISOString(),
    };
    try {
      await this.ctx.ledger.transaction(async tx => {
        // A certificate uploaded before the domain serves it at once, as one uploaded after would.
        const cert = certificateFor(
          domain,
          await tx.certs.list(name),
          this.ctx.now(),
        );
        if (cert) record.cert = cert.name;
        await tx.domains.insert(record);
        await tx.events.append({
          app: name,
          type: 'domain.add',
          message: `${actorName(actor)} added domain ${domain}${
            cert
              ? ` (served with certificate ${cert.name}, which covers it)`
              : ''
          }`,
          actor,
          createdAt: record.createdAt,
          details: { domain, ...(cert ? { cert: cert.name } : {}) },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.taken(domain, name, undefined);
      throw error;
    }
    this.ctx.reconciler.schedule(name);
    return record;
  }

  async remove(
    credentials: BackstageCredentials,
    name: string,
    domain: string,
  ): Promise<void> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const existing = await this.ctx.ledger.domains.get(domain.toLowerCase());
    if (!existing || existing.app !== name) {
      throw new NotFoundError(
        `App "${name}" has no domain "${domain.slice(0, 255)}"`,
      );
    }
    const actor = actorOf(credentials);
    await this.ctx.ledger.transaction(async tx => {
      await tx.domains.delete(existing.domain);
      await tx.acme.delete(existing.domain);
      await tx.events.append({
        app: name,
        type: 'domain.remove',
        message: `${actorName(actor)} removed domain ${existing.domain}`,
        actor,
        createdAt: this.ctx.now().toISOString(),
        details: { domain: existing.domain },
      });
    });
    this.ctx.reconciler.schedule(name);
  }

  /** A wildcard domain of another app whose names include `domain` (nginx: any depth). */
  private async wildcardOfOtherApp(
    domain: string,
    app: string,
  ): Promise<string | undefined> {
    const labels = domain.replace(/^\*\./, '').split('.');
    for (let i = 1; i < labels.length; i++) {
      const wildcard = `*.${labels.slice(i).join('.')}`;
      const holder = await this.ctx.ledger.domains.get(wildcard);
      if (holder && holder.app !== app) return wildcard;
    }
    return undefined;
  }

  private taken(
    domain: string,
    app: string,
    owner: string | undefined,
  ): ConflictError {
    return new ConflictError(
      owner === app
        ? `App "${app}" already has domain "${domain}"`
        : `Domain "${domain}" is already used by another app`,
    );
  }
}
