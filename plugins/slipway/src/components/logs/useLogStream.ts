import { fetchApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { LogLine } from '@slipway/plugin-slipway-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { errorMessage } from '../shared';
import { parseLogLine, readServerSentEvents } from './serverSentEvents';
import { ShownLines } from './shownLines';

/** Lines kept in the browser; older ones scroll away. */
export const MAX_LINES = 2000;

export type LogStreamStatus =
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'reconnecting'; attempt: number; of: number }
  | { state: 'ended' }
  | { state: 'failed'; message: string };

/** Delays before each automatic reconnect of a dropped stream (tests shorten them). */
export const logStreamRetry = { delaysMs: [1000, 2000, 4000] };

/**
 * Tails an app's logs (`follow=true`, server-sent events) through the fetch API so
 * the user's credentials are sent. While paused, new lines wait in a buffer. A dropped stream
 * (its backend replica went away) is reconnected a few times with backoff, without repeating
 * the lines already shown; `reconnect` starts afresh.
 */
export function useLogStream(app: string, type: string | undefined) {
  const api = useApi(slipwayApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [status, setStatus] = useState<LogStreamStatus>({
    state: 'connecting',
  });
  const [paused, setPaused] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const [attempt, setAttempt] = useState(0);
  const pausedRef = useRef(false);
  const buffer = useRef<LogLine[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    setLines([]);
    buffer.current = [];
    setWaiting(0);
    setStatus({ state: 'connecting' });
    const shown = new ShownLines();
    (async () => {
      let retries = 0;
      for (let connections = 0; ; connections++) {
        const resumed = connections > 0;
        let failure: unknown;
        try {
          const url = await api.logsUrl(app, {
            follow: true,
            type,
            lines: 200,
          });
          const response = await fetchApi.fetch(url, {
            headers: { Accept: 'text/event-stream' },
            signal: controller.signal,
          });
          if (!response.ok) throw await ResponseError.fromResponse(response);
          if (!response.body) throw new Error('The log stream has no body');
          setStatus({ state: 'streaming' });
          for await (const events of readServerSentEvents(
            response.body,
            controller.signal,
          )) {
            // A superseded connection (type changed, unmounted) must not add lines.
            if (controller.signal.aborted) return;
            const received = events
              .map(parseLogLine)
              .filter(line => !shown.repeats(line, resumed));
            if (received.length === 0) continue;
            retries = 0;
            if (pausedRef.current) {
              buffer.current = [...buffer.current, ...received].slice(
                -MAX_LINES,
              );
              setWaiting(buffer.current.length);
            } else {
              setLines(current => [...current, ...received].slice(-MAX_LINES));
            }
          }
        } catch (error) {
          // An answer such as 403 or 404 is final; a lost connection or a 5xx is retried.
          if (
            controller.signal.aborted ||
            (error instanceof ResponseError && error.response.status < 500)
          )
            throw error;
          failure = error;
        }
        if (controller.signal.aborted) return;
        const delays = logStreamRetry.delaysMs;
        if (retries >= delays.length) {
          if (failure) throw failure;
          setStatus({ state: 'ended' });
          return;
        }
        setStatus({
          state: 'reconnecting',
          attempt: retries + 1,
          of: delays.length,
        });
        await sleep(delays[retries++], controller.signal);
        if (controller.signal.aborted) return;
      }
    })().catch(error => {
      if (!controller.signal.aborted) {
        setStatus({ state: 'failed', message: errorMessage(error) });
      }
    });
    return () => controller.abort();
  }, [api, fetchApi, app, type, attempt]);

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);
  const resume = useCallback(() => {
    pausedRef.current = false;
    setPaused(false);
    const waited = buffer.current;
    buffer.current = [];
    setWaiting(0);
    setLines(current => [...current, ...waited].slice(-MAX_LINES));
  }, []);
  const reconnect = useCallback(() => setAttempt(a => a + 1), []);

  return { lines, status, paused, waiting, pause, resume, reconnect };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
