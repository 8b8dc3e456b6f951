import { CustomErrorBase } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { addressBlock } from './addressBlock';

/** 429: too many failed authentications of one kind (Retry-After says when to retry). */
export class TooManyFailuresError extends CustomErrorBase {
  readonly statusCode = 429;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export type AuthFailureLimits = {
  /** Failures allowed with one token for one app from one client address within `windowMs` (default 10). */
  maxFailures?: number;
  /**
   * Failures allowed for one app from one client address within `windowMs`, whatever the token
   * (default 100): bounds guessing with ever new tokens without locking out the app's other pushers.
   */
  maxFailuresPerApp?: number;
  /**
   * Failures allowed from one client address within `windowMs`, whatever the app and token
   * (default 1,000): bounds what one address can make the limiter remember, made-up app names
   * included. A token that authenticates always passes, so the owner is never locked out.
   */
  maxFailuresPerClient?: number;
  /** Default 60 seconds. */
  windowMs?: number;
  /** Addresses remembered at most (the oldest are forgotten first); bounds the memory. Default 10,000. */
  maxClients?: number;
  now?: () => number;
};

/** What a request to the git remote authenticates with. */
export type AuthAttempt = {
  /** The client address (`req.ip`: the proxy's unless `backend.trustProxy` trusts it). */
  client: string;
  app: string;
  /** The password presented (a deploy token, right or wrong). */
  token: string;
};

/**
 * Counts failed authentications per key in a fixed window: after `maxFailures` failures the key
 * is refused until its window ends. Memory is bounded by `maxClients` (an attacker with many
 * addresses evicts old entries, which costs only their counts).
 */
export class AuthFailures {
  private readonly clients = new Map<
    string,
    { failures: number; since: number }
  >();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(limits: AuthFailureLimits = {}) {
    this.maxFailures = limits.maxFailures ?? 10;
    this.windowMs = limits.windowMs ?? 60_000;
    this.maxClients = limits.maxClients ?? 10_000;
    this.now = limits.now ?? Date.now;
  }

  /** Throws TooManyFailuresError while `client` has used up its failures. */
  check(client: string, what = ''): void {
    const entry = this.current(client);
    if (entry && entry.failures >= this.maxFailures) {
      throw tooManyFailures(entry.since + this.windowMs - this.now(), what);
    }
  }

  fail(client: string): void {
    const entry = this.current(client) ?? { failures: 0, since: this.now() };
    entry.failures += 1;
    // Re-inserted, so the Map's order is oldest activity first.
    this.clients.delete(client);
    this.clients.set(client, entry);
    while (this.clients.size > this.maxClients) {
      this.clients.delete(this.clients.keys().next().value!);
    }
  }

  /** How many addresses are remembered (for tests of the memory bound). */
  get size(): number {
    return this.clients.size;
  }

  private current(client: string) {
    const entry = this.clients.get(client);
    if (entry && this.now() - entry.since >= this.windowMs) {
      this.clients.delete(client);
      return undefined;
    }
    return entry;
  }
}

/** The 429 for a key that used up its failures, its window ending in `remainingMs`. */
export function tooManyFailures(
  remainingMs: number,
  what: string,
): TooManyFailuresError {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new TooManyFailuresError(
    `Too many failed authentications ${what}${
      what ? ' ' : ''
    }from this address: try again in ${seconds} s`,
    seconds,
  );
}

/** What the git remote asks of its failure limit (in memory here, in the database with replicas). */
export interface AuthLimiter {
  check(attempt: AuthAttempt): void | Promise<void>;
  fail(attempt: AuthAttempt): void | Promise<void>;
}

/**
 * The failed-authentication limit of the git remote, keyed on what innocent clients do not share:
 * the token presented for an app from an address (a client that keeps sending a stale token is
 * stopped; others behind the same proxy, with their own tokens, are not) and, with a higher
 * ceiling, the app from an address (guessing with ever new tokens). Other apps are never affected.
 */
export class AuthLimits implements AuthLimiter {
  private readonly perToken: AuthFailures;
  private readonly perApp: AuthFailures;
  private readonly perClient: AuthFailures;

  constructor(limits: AuthFailureLimits = {}) {
    this.perToken = new AuthFailures(limits);
    this.perApp = new AuthFailures({
      ...limits,
      maxFailures: limits.maxFailuresPerApp ?? 100,
    });
    this.perClient = new AuthFailures({
      ...limits,
      maxFailures: limits.maxFailuresPerClient ?? 1000,
    });
  }

  /** Throws TooManyFailuresError while this address, this token, or the app from this address, is refused. */
  check(attempt: AuthAttempt): void {
    this.perClient.check(clientKey(attempt));
    this.perApp.check(appKey(attempt), `for ${attempt.app}`);
    this.perToken.check(
      tokenKey(attempt),
      `with this token for ${attempt.app}`,
    );
  }

  fail(attempt: AuthAttempt): void {
    this.perClient.fail(clientKey(attempt));
    this.perApp.fail(appKey(attempt));
    this.perToken.fail(tokenKey(attempt));
  }
}

/**
 * The address alone (the other keys add a line break and more), by what one client holds: an
 * IPv6 address by its /64, else one host would meet the cap only once per 2^64 addresses.
 */
export function clientKey({ client }: AuthAttempt): string {
  return addressBlock(client);
}

export function appKey({ client, app }: AuthAttempt): string {
  return `${client}\n${app}`;
}

/** Only a hash of the token is kept, as in the ledger. */
export function tokenKey({ client, app, token }: AuthAttempt): string {
  return `${client}\n${app}\n${createHash('sha256')
    .update(token, 'utf8')
    .digest('hex')}`;
}
