import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RouteTls } from '@slipway/plugin-slipway-node';

/** A certificate and key re-encoded from their parsed form, named by a hash of their content. */
export type CertMaterial = {
  /** Hex hash of certificate + key: the file names, never user text. */
  id: string;
  certificate: string;
  key: string;
};

const PEM_BLOCK =
  /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

/**
 * Parses a certificate chain and its private key; returns them re-encoded from the parsed
 * objects (so no submitted byte reaches disk unparsed) or why they cannot be used.
 */
export function checkCert(tls: RouteTls): CertMaterial | { problem: string } {
  const name =
    typeof tls.certName === 'string' ? tls.certName.slice(0, 60) : '?';
  if (typeof tls.certificate !== 'string' || typeof tls.key !== 'string') {
    return { problem: `certificate "${name}" has no PEM text` };
  }
  const blocks = tls.certificate.match(PEM_BLOCK) ?? [];
  const rest = tls.certificate.replace(PEM_BLOCK, '').trim();
  if (blocks.length === 0 || rest !== '') {
    return {
      problem: `certificate "${name}" must be PEM CERTIFICATE blocks and nothing else`,
    };
  }
  try {
    const chain = blocks.map(block => new X509Certificate(block));
    const key = createPrivateKey({ key: tls.key, format: 'pem' });
    if (key.type !== 'private') {
      return { problem: `certificate "${name}": the key is not a private key` };
    }
    if (!chain[0].checkPrivateKey(key)) {
      return {
        problem: `certificate "${name}": the key does not match the certificate`,
      };
    }
    const certificate = `${chain.map(c => c.toString().trim()).join('\n')}\n`;
    const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    const id = createHash('sha256')
      .update(certificate)
      .update('\0')
      .update(keyPem)
      .digest('hex')
      .slice(0, 32);
    return { id, certificate, key: keyPem };
  } catch (error) {
    return {
      problem: `certificate "${name}" could not be parsed (${(
        error as Error
      ).message.slice(0, 100)})`,
    };
  }
}

/** Where cert files live: a 0700 directory of `<id>.crt` and 0600 `<id>.key` files. */
export class CertStore {
  constructor(readonly dir: string) {}

  certPath(id: string): string {
    return path.join(this.dir, `${id}.crt`);
  }

  keyPath(id: string): string {
    return path.join(this.dir, `${id}.key`);
  }

  /** Writes the files of a cert unless they exist; content-addressed names make that safe. */
  async write(cert: CertMaterial): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fs.chmod(this.dir, 0o700);
    await writeOnce(this.certPath(cert.id), cert.certificate, 0o600);
    await writeOnce(this.keyPath(cert.id), cert.key, 0o600);
  }

  /** Deletes the files of every cert not in `keep` (removed certs must not leave keys behind). */
  async prune(keep: ReadonlySet<string>): Promise<void> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const id = name.replace(/\.(crt|key)$/, '');
      if (!keep.has(id))
        await fs.rm(path.join(this.dir, name), { force: true });
    }
  }
}

async function writeOnce(file: string, content: string, mode: number) {
  try {
    await fs.access(file);
    return;
  } catch {
    // not there yet
  }
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content, { mode, flag: 'w' });
  await fs.chmod(tmp, mode);
  await fs.rename(tmp, file);
}
