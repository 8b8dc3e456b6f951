import type { LoggerService } from '@backstage/backend-plugin-api';
import * as acme from 'acme-client';
import { createHash } from 'node:crypto';
import { inspectCertificate } from '../crypto';
import { withDefaults } from '../domain/defaults';
import type { AcmeDomainRecord, AppRecord, Ledger } from '../ledger';
import type { SlipwayNotifier } from '../notifications';
import type { AcmeChallenges } from './challenges';
import {
  ORDERS_PER_APP_PER_HOUR,
  retryDelayMs,
  type AcmeSettings,
} from './config';

export type AcmeIssuerOptions = {
  ledger: Ledger;
  settings: AcmeSettings;
  challenges: AcmeChallenges;
  notifier: Pick<SlipwayNotifier, 'autoTlsFailed'>;
  logger: LoggerService;
  /** Routers pick up a new certificate when the app is reconciled. */
  reconcile: (app: string) => void;
  now: () => Date;
};

/** The certificate store name of a domain's automatic certificate: stable, so renewal replaces it. */
export function acmeCertName(domain: string): string {
  return `acme-${createHash('sha256')
    .update(domain)
    .digest('hex')
    .slice(0, 16)}`;
}

/**
 * Issues and renews certificates for the custom domains of apps with `autoTls` (builtin and nginx
 * routers; ingress and gateway leave it to cert-manager). Certificates go to the certificate store
 * (key encrypted) and are attached to their domain, so routers serve them like uploaded ones.
 * A domain that has an uploaded certificate attached keeps it: automatic ones never replace a user's.
 */
export class AcmeIssuer {
  private running?: Promise<void>;

  constructor(private readonly options: AcmeIssuerOptions) {}

  /** Issues what is due (new domains, renewals, retries); one run at a time. */
  run(): Promise<void> {
    this.running ??= this.runNow().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runNow(): Promise<void> {
    const { ledger } = this.options;
    const apps = (await ledger.apps.list()).filter(app => {
      const settings = withDefaults(app.settings);
      return settings.autoTls && settings.routable;
    });
    if (apps.length === 0) return;
    const names = apps.map(app => app.name);
    const [domains, states, certs] = await Promise.all([
      ledger.domains.listOf(names),
      ledger.acme.list(names),
      ledger.certs.withKeys(names),
    ]);
    const stateOf = new Map(states.map(s => [s.domain, s]));
    const appOf = new Map(apps.map(app => [app.name, app]));
    const now = this.options.now();
    const due: { domain: string; app: string; failures: number }[] = [];
    for (const domain of domains) {
      const state = stateOf.get(domain.domain);
      const ours = acmeCertName(domain.domain);
      // An uploaded certificate the user attached wins.
      if (domain.cert && domain.cert !== ours) continue;
      // Wildcards need DNS-01 (planned): an HTTP-01 order for one could only fail, every hour,
      // against the directory's rate limits that every app's certificates share.
      if (domain.domain.startsWith('*.')) continue;
      // Attached but gone from the store (removed by hand): issue again.
      const missing =
        domain.cert === ours && !certs.has(`${domain.app}/${ours}`);
      const isDue =
        !state ||
        missing ||
        !state.nextRenewal ||
        new Date(state.nextRenewal).getTime() <= now.getTime();
      if (isDue) {
        due.push({
          domain: domain.domain,
          app: domain.app,
          failures: state?.failures ?? 0,
        });
      }
    }
    // Per-app budget: the directory's limits are shared by every app, so one app's domains
    // (failing ones above all) cannot spend them. New domains and renewals go before retries.
    const budget =
      this.options.settings.ordersPerAppPerHour ?? ORDERS_PER_APP_PER_HOUR;
    const hourAgo = now.getTime() - 3_600_000;
    const spent = new Map<string, number>();
    for (const s of states) {
      // Each order updates its domain's row: rows updated in the last hour are its orders.
      if (new Date(s.updatedAt).getTime() > hourAgo) {
        spent.set(s.app, (spent.get(s.app) ?? 0) + 1);
      }
    }
    due.sort(
      (a, b) => a.failures - b.failures || a.domain.localeCompare(b.domain),
    );
    for (const { domain, app } of due) {
      const used = spent.get(app) ?? 0;
      if (used >= budget) {
        if (used === budget) {
          this.options.logger.warn(
            `ACME orders for app ${app} deferred: ${budget} per hour used`,
          );
          spent.set(app, used + 1);
        }
        continue;
      }
      spent.set(app, used + 1);
      await this.issue(appOf.get(app)!, domain, stateOf.get(domain));
    }
  }

  private async issue(
    app: AppRecord,
    domain: string,
    previous: AcmeDomainRecord | undefined,
  ): Promise<void> {
    const { ledger, settings, logger } = this.options;
    const base = { domain, app: app.name };
    const keep = previous
      ? {
          cert: previous.cert,
          notAfter: previous.notAfter,
          failures: previous.failures,
        }
      : {};
    await ledger.acme.put({
      ...base,
      ...keep,
      state: 'pending',
      updatedAt: this.options.now().toISOString(),
    });
    try {
      const { certificate, key } = await this.order(domain);
      const info = inspectCertificate(certificate, key, this.options.now());
      const name = acmeCertName(domain);
      const at = this.options.now().toISOString();
      await ledger.transaction(async tx => {
        // Replaced in one step: the domain is never without its certificate in between.
        await tx.domains.detachCert(app.name, name);
        await tx.certs.delete(app.name, name);
        await tx.certs.insert({
          app: app.name,
          name,
          certificate,
          key,
          ...info,
          createdBy: 'slipway:acme',
          createdAt: at,
        });
        await tx.domains.setCert(domain, name);
        await tx.acme.put({
          ...base,
          state: 'issued',
          cert: name,
          notAfter: info.notAfter,
          nextRenewal: new Date(
            new Date(info.notAfter).getTime() - settings.renewBeforeMs,
          ).toISOString(),
          failures: 0,
          updatedAt: at,
        });
        await tx.events.append({
          app: app.name,
          type: 'cert.acme',
          message: `Slipway ${
            previous?.cert ? 'renewed' : 'issued'
          } the certificate for ${domain} (ACME, valid until ${info.notAfter})`,
          actor: 'slipway:acme',
          createdAt: at,
          details: { domain, cert: name, notAfter: info.notAfter },
        });
      });
      logger.info(`ACME certificate for ${domain} issued`);
    } catch (error) {
      const reason = describe(error);
      logger.warn(`ACME certificate for ${domain} failed: ${reason}`);
      // Backoff: retryAfter × 2^(failures−1), at most 7 days (the state shows when).
      const failures = (previous?.failures ?? 0) + 1;
      await ledger.acme.put({
        ...base,
        ...keep,
        state: 'failed',
        lastError: reason,
        failures,
        nextRenewal: new Date(
          this.options.now().getTime() +
            retryDelayMs(settings.retryAfterMs, failures),
        ).toISOString(),
        updatedAt: this.options.now().toISOString(),
      });
      await this.options.notifier.autoTlsFailed(
        { name: app.name, owner: app.owner },
        domain,
        reason,
      );
    }
    this.options.reconcile(app.name);
  }

  /** One ACME order over HTTP-01, answered by the router from `challenges`. */
  private async order(
    domain: string,
  ): Promise<{ certificate: string; key: string }> {
    const { settings, challenges } = this.options;
    const client = new acme.Client({
      directoryUrl: settings.directoryUrl,
      accountKey: await this.accountKey(),
    });
    const [key, csr] = await acme.crypto.createCsr({
      commonName: domain,
      altNames: [domain],
    });
    const certificate = await client.auto({
      csr,
      ...(settings.email ? { email: settings.email } : {}),
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // The directory checks for itself; a self-check from here would need hairpin routing.
      skipChallengeVerification: true,
      challengeCreateFn: async (authz, challenge, keyAuthorization) => {
        if (challenge.type !== 'http-01') {
          throw new Error(
            `Only HTTP-01 challenges are answered, not ${challenge.type}`,
          );
        }
        challenges.add(
          authz.identifier.value,
          challenge.token,
          keyAuthorization,
        );
      },
      challengeRemoveFn: async (authz, challenge) => {
        challenges.remove(authz.identifier.value, challenge.token);
      },
    });
    // The leaf first, then its chain: routers serve the whole bundle.
    return { certificate, key: key.toString() };
  }

  /** The account key for the directory: created once, stored encrypted. */
  private async accountKey(): Promise<string> {
    const { ledger, settings } = this.options;
    const stored = await ledger.acme.accountKey(settings.directoryUrl);
    if (stored) return stored;
    const created = (await acme.crypto.createPrivateKey()).toString();
    await ledger.acme.putAccountKey(
      settings.directoryUrl,
      settings.email,
      created,
      this.options.now().toISOString(),
    );
    // Another instance may have stored its key first: use whichever was kept.
    return (await ledger.acme.accountKey(settings.directoryUrl))!;
  }
}

/** A failure as a person reads it: the ACME problem's detail when there is one. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 1000);
}
