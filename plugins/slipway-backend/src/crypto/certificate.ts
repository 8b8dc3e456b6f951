import { InputError } from '@backstage/errors';
import { createPrivateKey, X509Certificate } from 'node:crypto';

/** What Slipway records about an uploaded certificate (never the key). */
export type CertificateInfo = {
  subject: string;
  sans: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
};

const MAX_PEM_BYTES = 64 * 1024;
/** One or more PEM blocks (base64 bodies, matching BEGIN and END labels) and whitespace, nothing else. */
const PEM_ONLY =
  /^\s*(?:-----BEGIN ([A-Z0-9 ]{1,64})-----[\r\n]+[A-Za-z0-9+/=\s]*?-----END \1-----\s*)+$/;
const KEY_EXPECTED =
  'key must be an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)';

/**
 * Checks an uploaded certificate and private key with Node's own X.509 support:
 * both parse, the key belongs to the certificate, and the certificate has not expired.
 * Throws InputError with a message a person understands.
 */
export function inspectCertificate(
  certificate: unknown,
  key: unknown,
  now: Date = new Date(),
): CertificateInfo {
  if (
    typeof certificate !== 'string' ||
    !certificate.includes('-----BEGIN CERTIFICATE-----')
  ) {
    throw new InputError(
      'certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
  }
  if (
    typeof key !== 'string' ||
    !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)
  ) {
    throw new InputError(KEY_EXPECTED);
  }
  if (certificate.length > MAX_PEM_BYTES || key.length > MAX_PEM_BYTES) {
    throw new InputError(
      'certificate and key must each be smaller than 64 KiB',
    );
  }
  // Both end up in files a router reads (nginx): nothing but PEM blocks may come with them.
  if (!PEM_ONLY.test(certificate)) {
    throw new InputError(
      'certificate must contain only PEM blocks (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----) and whitespace',
    );
  }
  if (!PEM_ONLY.test(key)) {
    throw new InputError(
      `key must contain only PEM blocks and whitespace; ${KEY_EXPECTED}`,
    );
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certificate);
  } catch {
    throw new InputError(
      'certificate could not be parsed as a PEM X.509 certificate',
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new InputError(`key could not be parsed: ${KEY_EXPECTED}`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new InputError('key does not belong to the certificate');
  }
  const notAfter = new Date(x509.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new InputError(`certificate expired on ${notAfter.toISOString()}`);
  }
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    sans: certificateNames(x509),
    issuer: x509.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprint: x509.fingerprint256,
  };
}

/** DNS names the certificate covers: its SANs, or its CN when it has none (old certificates). */
function certificateNames(x509: X509Certificate): string[] {
  const sans = (x509.subjectAltName ?? '')
    .split(',')
    .map(entry => entry.trim())
    .filter(entry => entry.startsWith('DNS:'))
    .map(entry => entry.slice(4).toLowerCase());
  if (sans.length > 0) return [...new Set(sans)].sort();
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}
