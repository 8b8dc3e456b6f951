import { hostnameMatches } from '@slipway/plugin-slipway-common';
import type { CertRecord, DomainRecord } from '../../ledger';

/**
 * The app's domains an uploaded certificate serves at once: those it covers (a SAN, or a
 * wildcard SAN one label deep) that have no certificate yet. A domain that already has one keeps
 * it: replacing a working certificate is a choice the user makes with attach.
 */
export function domainsToAttach(
  sans: string[],
  domains: DomainRecord[],
): DomainRecord[] {
  return domains.filter(
    domain =>
      !domain.cert && sans.some(san => hostnameMatches(san, domain.domain)),
  );
}

/**
 * The certificate a newly added domain is served with: among the app's certificates that cover
 * it and are still valid, the one valid longest. Undefined when none does.
 */
export function certificateFor(
  domain: string,
  certs: CertRecord[],
  now: Date,
): CertRecord | undefined {
  return certs
    .filter(
      cert =>
        new Date(cert.notAfter).getTime() > now.getTime() &&
        cert.sans.some(san => hostnameMatches(san, domain)),
    )
    .sort((a, b) => b.notAfter.localeCompare(a.notAfter))[0];
}
