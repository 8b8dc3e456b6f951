import { CustomErrorBase } from '@backstage/errors';

/** 429: too many failed authentications from one client address (Retry-After says when to retry). */
export class TooManyFailuresError extends CustomErrorBase {
  readonly statusCode = 429;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export type AuthFailureLimits = {
  /** Failed authentications allowed per client address within `windowMs` (default 10). */
  maxFailures?: number;
  /** Default 60 seconds. */
  windowMs?: number;
  /** Addresses remembered at most (the oldest are forgotten first); bounds the memory. Default 10,000. */
  maxClients?: number;
  now?: () => number;
};

/**
 * Counts failed authentications per client address in a fixed window, so that deploy tokens
 * cannot be guessed at speed: after `maxFailures` failures the address is refused until its
 * window ends. Memory is bounded by `maxClients` (an attacker with many addresses evicts old
 * entries, which costs only their counts).
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
  check(client: string): void {
    const entry = this.current(client);
    if (entry && entry.failures >= this.maxFailures) {
      const seconds = Math.max(
        1,
        Math.ceil((entry.since + this.windowMs - this.now()) / 1000),
      );
      throw new TooManyFailuresError(
        `Too many failed authentications from ${client}: try again in ${seconds} s`,
        seconds,
      );
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
