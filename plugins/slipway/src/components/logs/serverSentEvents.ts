import type { LogLine } from '@slipway/plugin-slipway-common';

/**
 * Reads a `text/event-stream` body and yields, per received chunk, the `data`
 * of each complete event (multi-line data joined with newlines; comments ignored).
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<string[]> {
  const reader = body.getReader();
  // Stop reading (and let the server close the connection) as soon as the caller aborts.
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', cancel);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) return;
      buffer += done
        ? decoder.decode()
        : decoder.decode(value, { stream: true });
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = done ? '' : blocks.pop() ?? '';
      const events = blocks
        .map(eventData)
        .filter((d): d is string => d !== undefined);
      if (events.length > 0) yield events;
      if (done) return;
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}

function eventData(block: string): string | undefined {
  const data = block
    .split(/\r?\n/)
    .filter(line => line.startsWith('data:'))
    .map(line => line.slice(line.startsWith('data: ') ? 6 : 5));
  return data.length > 0 ? data.join('\n') : undefined;
}

/** An event's data as a log line: JSON `LogLine`, or plain text from an unknown source. */
export function parseLogLine(data: string): LogLine {
  try {
    const parsed = JSON.parse(data);
    if (parsed && typeof parsed.line === 'string') {
      return {
        time: String(parsed.time ?? ''),
        source: String(parsed.source ?? ''),
        line: parsed.line,
      };
    }
  } catch {
    // not JSON: a plain text line
  }
  return { time: '', source: '', line: data };
}
