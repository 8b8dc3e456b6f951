export { SecretBox } from './SecretBox';
export { loadEncryptionKey } from './encryptionKey';
export { inspectCertificate, type CertificateInfo } from './certificate';
