import type { Connection } from './connection';
import { CliError } from './errors';

/**
 * Calls the Slipway REST API (`<baseUrl>/api/slipway<path>`); answers other than 2xx become one
 * line from the Backstage error body (`{error: {name, message}}`).
 */
export async function request(
  conn: Connection,
  method: string,
  path: string,
  options: { body?: object; accept?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${conn.baseUrl}/api/slipway${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${conn.token}`,
        Accept: options.accept ?? 'application/json',
        ...(options.body && { 'Content-Type': 'application/json' }),
      },
      body: options.body && JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CliError(
      `Cannot reach ${conn.baseUrl}: ${
        ((error as Error).cause as Error | undefined)?.message ??
        (error as Error).message
      }`,
    );
  }
  if (!response.ok) throw new CliError(await reason(response), response.status);
  return response;
}

/** GET or POST answering JSON. */
export async function requestJson<T>(
  conn: Connection,
  method: string,
  path: string,
  body?: object,
): Promise<T> {
  return (await (await request(conn, method, path, { body })).json()) as T;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 500);

async function reason(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string') return oneLine(message);
  } catch {
    // not JSON
  }
  if (response.status === 401) {
    return 'Not signed in (401): run `backstage-cli auth login` again or check SLIPWAY_TOKEN';
  }
  return oneLine(`${response.status} ${response.statusText} ${text}`.trim());
}

/** The lines of a streamed body as they arrive. */
export async function* lines(body: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let end = buffered.indexOf('\n'); end >= 0; ) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\n');
    }
  }
  if (buffered) yield buffered;
}
