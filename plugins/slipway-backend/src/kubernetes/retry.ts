import { ApiException } from '@kubernetes/client-node';

export type RetryPolicy = {
  attempts: number;
  baseDelayMs: number;
  requestTimeoutMs: number;
};

/** Statuses worth another try: the object or its namespace is not visible yet, a conflict, throttling, server trouble. */
const RETRYABLE = new Set([404, 409, 429, 500, 502, 503, 504]);

/** HTTP status of a client-node error, or undefined for network errors and timeouts. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const code = (error as { code?: unknown; statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The API server's own message (a Status object's `message`), kept short. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiException) {
    let detail: unknown = error.body;
    if (typeof detail === 'string') {
      try {
        detail = JSON.parse(detail);
      } catch {
        // plain text body
      }
    }
    const message =
      (detail as { message?: string } | undefined)?.message ??
      (typeof detail === 'string' ? detail : undefined) ??
      error.message;
    return `${error.code} ${String(message).split('\n')[0].slice(0, 300)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A failed request, with what was asked and why it failed. */
export class KubernetesRequestError extends Error {
  constructor(message: string, readonly status: number | undefined) {
    super(message);
    this.name = 'KubernetesRequestError';
  }
}

class RequestTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RequestTimeout(`timed out after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const seconds = Number(error.headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds, 30) * 1000
    : undefined;
}

/**
 * Runs one API request with bounded retries and exponential backoff.
 * `retryOn404` is off for reads (a missing object is an answer, not a failure).
 */
export async function withRetries<T>(
  what: string,
  policy: RetryPolicy,
  request: () => Promise<T>,
  options: { retryOn404?: boolean } = {},
): Promise<T> {
  let lastError: unknown;
  let tried = 0;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    tried = attempt;
    try {
      return await withTimeout(request(), policy.requestTimeoutMs);
    } catch (error) {
      lastError = error;
      const status = statusOf(error);
      const retryable =
        status === undefined ||
        (RETRYABLE.has(status) &&
          (status !== 404 || options.retryOn404 !== false));
      if (!retryable || attempt === policy.attempts) break;
      const delay =
        retryAfterMs(error) ??
        policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() / 4);
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
  const status = statusOf(lastError);
  const attempts = tried > 1 ? ` after ${tried} attempts` : '';
  throw new KubernetesRequestError(
    `Kubernetes: ${what} failed${attempts}: ${messageOf(lastError)}`,
    status,
  );
}
