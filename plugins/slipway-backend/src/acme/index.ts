export { AcmeChallenges, CHALLENGE_PREFIX } from './challenges';
export { AcmeIssuer, acmeCertName } from './AcmeIssuer';
export { readAcmeSettings, LETS_ENCRYPT, LETS_ENCRYPT_STAGING } from './config';
export type { AcmeSettings } from './config';
