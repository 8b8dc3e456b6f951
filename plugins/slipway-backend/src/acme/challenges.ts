/** The path prefix ACME servers fetch HTTP-01 answers from (RFC 8555 §8.3). */
export const CHALLENGE_PREFIX = '/.well-known/acme-challenge/';

/** Tokens are base64url (RFC 8555 §8.1): nothing else is ever looked up. */
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * HTTP-01 answers the issuer is waiting on, per domain and token. Only what the backend put here
 * is ever answered: the challenge path reads this map, never a file, so it cannot reveal anything else.
 */
export class AcmeChallenges {
  private readonly answers = new Map<string, Map<string, string>>();

  add(domain: string, token: string, keyAuthorization: string): void {
    if (!TOKEN.test(token)) throw new Error(`Invalid ACME token ${token}`);
    const tokens = this.answers.get(domain) ?? new Map<string, string>();
    tokens.set(token, keyAuthorization);
    this.answers.set(domain, tokens);
  }

  remove(domain: string, token: string): void {
    const tokens = this.answers.get(domain);
    tokens?.delete(token);
    if (tokens?.size === 0) this.answers.delete(domain);
  }

  /**
   * The answer to a request for `path` on `host` (port and case ignored); undefined when the path
   * is not a challenge path at all, null when it is one but nothing is waiting on that token there.
   */
  answer(host: string, path: string): string | null | undefined {
    if (!path.startsWith(CHALLENGE_PREFIX)) return undefined;
    const token = path.slice(CHALLENGE_PREFIX.length);
    if (!TOKEN.test(token)) return null;
    const domain = host.replace(/:\d+$/, '').toLowerCase();
    return this.answers.get(domain)?.get(token) ?? null;
  }
}
