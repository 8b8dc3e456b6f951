import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  hostnameMatches,
  slipwayAppReadPermission,
  slipwayAppUpdatePermission,
  type Cert,
} from '@slipway/plugin-slipway-common';
import { inspectCertificate } from '../crypto';
import { isUniqueViolation, type CertRecord } from '../ledger';
import { actorOf, loadApp, type ServiceContext } from './context';
import { actorName } from '../domain/names';
import type { RequestBody } from './requests';
import { certView } from '../domain/views';
import { domainsToAttach } from './certs/autoAttach';

/** TLS certificates: PEM checked on upload and on attach; the private key is never returned. */
export class CertService {
  constructor(private readonly ctx: ServiceContext) {}

  async list(credentials: BackstageCredentials, name: string): Promise<Cert[]> {
    await loadApp(this.ctx, credentials, name, slipwayAppReadPermission);
    const [certs, domains] = await Promise.all([
      this.ctx.ledger.certs.list(name),
      this.ctx.ledger.domains.list(name),
    ]);
    return certs.map(cert => certView(cert, domains));
  }

  async add(
    credentials: BackstageCredentials,
    name: string,
    input: RequestBody<'AddCert'>,
  ): Promise<Cert> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const certName = input.name;
    const info = inspectCertificate(
      input.certificate,
      input.key,
      this.ctx.now(),
    );
    if (await this.ctx.ledger.certs.get(name, certName)) {
      throw new ConflictError(
        `App "${name}" already has a certificate named "${certName}"`,
      );
    }
    const actor = actorOf(credentials);
    const record: CertRecord = {
      app: name,
      name: certName,
      certificate: input.certificate,
      ...info,
      createdBy: actor,
      createdAt: this.ctx.now().toISOString(),
    };
    let attached: string[] = [];
    try {
      attached = await this.ctx.ledger.transaction(async tx => {
        await tx.certs.insert({ ...record, key: input.key });
        await tx.events.append({
          app: name,
          type: 'cert.add',
          message: `${actorName(
            actor,
          )} added certificate ${certName} for ${info.sans.join(', ')}`,
          actor,
          createdAt: record.createdAt,
          details: {
            name: certName,
            sans: info.sans,
            notAfter: info.notAfter,
            fingerprint: info.fingerprint,
          },
        });
        // Uploading a certificate for a domain means "serve it with this": no extra attach step.
        const domains = domainsToAttach(info.sans, await tx.domains.list(name));
        for (const { domain } of domains) {
          await tx.domains.setCert(domain, certName);
          await tx.events.append({
            app: name,
            type: 'cert.attach',
            message: `${actorName(
              actor,
            )} attached certificate ${certName} to ${domain} (on upload: it covers the domain)`,
            actor,
            createdAt: record.createdAt,
            details: { domain, cert: certName, automatic: true },
          });
        }
        return domains.map(d => d.domain);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `App "${name}" already has a certificate named "${certName}"`,
        );
      }
      throw error;
    }
    // Also with nothing attached: open Domains pages show the new certificate (signals).
    this.ctx.reconciler.schedule(name);
    return { ...certView(record, []), domains: attached };
  }

  /** Removes a certificate; domains it was attached to fall back to no TLS. */
  async remove(
    credentials: BackstageCredentials,
    name: string,
    certName: string,
  ): Promise<void> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    await this.find(name, certName);
    const actor = actorOf(credentials);
    await this.ctx.ledger.transaction(async tx => {
      await tx.domains.detachCert(name, certName);
      await tx.certs.delete(name, certName);
      await tx.events.append({
        app: name,
        type: 'cert.remove',
        message: `${actorName(actor)} removed certificate ${certName}`,
        actor,
        createdAt: this.ctx.now().toISOString(),
        details: { name: certName },
      });
    });
    this.ctx.reconciler.schedule(name);
  }

  /** Serves `domain` with the certificate; it must cover the domain and still be valid. */
  async attach(
    credentials: BackstageCredentials,
    name: string,
    certName: string,
    body: RequestBody<'AttachCert'>,
  ): Promise<Cert> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const cert = await this.find(name, certName);
    const domain = await this.domainOf(name, body.domain);
    if (!cert.sans.some(san => hostnameMatches(san, domain.domain))) {
      throw new InputError(
        `Certificate "${certName}" does not cover ${domain.domain}; it covers ${
          cert.sans.join(', ') || 'no names'
        }`,
      );
    }
    if (new Date(cert.notAfter).getTime() <= this.ctx.now().getTime()) {
      throw new InputError(
        `Certificate "${certName}" expired on ${cert.notAfter}`,
      );
    }
    if (domain.cert !== certName) {
      await this.setCert(
        credentials,
        name,
        domain.domain,
        certName,
        'cert.attach',
        `attached certificate ${certName} to ${domain.domain}`,
      );
    }
    return this.view(name, cert);
  }

  async detach(
    credentials: BackstageCredentials,
    name: string,
    certName: string,
    body: RequestBody<'DetachCert'>,
  ): Promise<Cert> {
    await loadApp(this.ctx, credentials, name, slipwayAppUpdatePermission);
    const cert = await this.find(name, certName);
    const domain = await this.domainOf(name, body.domain);
    if (domain.cert !== certName) {
      throw new ConflictError(
        `Certificate "${certName}" is not attached to ${domain.domain}`,
      );
    }
    await this.setCert(
      credentials,
      name,
      domain.domain,
      undefined,
      'cert.detach',
      `detached certificate ${certName} from ${domain.domain}`,
    );
    return this.view(name, cert);
  }

  private async setCert(
    credentials: BackstageCredentials,
    name: string,
    domain: string,
    certName: string | undefined,
    type: string,
    what: string,
  ): Promise<void> {
    const actor = actorOf(credentials);
    await this.ctx.ledger.transaction(async tx => {
      await tx.domains.setCert(domain, certName);
      await tx.events.append({
        app: name,
        type,
        message: `${actorName(actor)} ${what}`,
        actor,
        createdAt: this.ctx.now().toISOString(),
        details: { domain, ...(certName ? { cert: certName } : {}) },
      });
    });
    this.ctx.reconciler.schedule(name);
  }

  private async find(name: string, certName: string): Promise<CertRecord> {
    const cert = await this.ctx.ledger.certs.get(name, certName);
    if (!cert)
      throw new NotFoundError(
        `App "${name}" has no certificate named "${certName.slice(0, 64)}"`,
      );
    return cert;
  }

  private async domainOf(name: string, hostname: string) {
    const domain = await this.ctx.ledger.domains.get(hostname.toLowerCase());
    if (!domain || domain.app !== name) {
      throw new NotFoundError(
        `App "${name}" has no domain "${hostname}"; add it first`,
      );
    }
    return domain;
  }

  private async view(name: string, cert: CertRecord): Promise<Cert> {
    return certView(cert, await this.ctx.ledger.domains.list(name));
  }
}
