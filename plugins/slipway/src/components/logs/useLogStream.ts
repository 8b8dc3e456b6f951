import { fetchApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { LogLine } from '@slipway/plugin-slipway-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { errorMessage } from '../shared';
import { parseLogLine, readServerSentEvents } from './serverSentEvents';

/** Lines kept in the browser; older ones scroll away. */
export const MAX_LINES = 2000;

export type LogStreamStatus =
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'ended' }
  | { state: 'failed'; message: string };

/**
 * Tails an app's logs (`follow=true`, server-sent events) through the fetch API so
 * the user's credentials are sent. While paused, new lines wait in a buffer.
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
    (async () => {
      const url = await api.logsUrl(app, { follow: true, type, lines: 200 });
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
        const received = events.map(parseLogLine);
        if (pausedRef.current) {
          buffer.current = [...buffer.current, ...received].slice(-MAX_LINES);
          setWaiting(buffer.current.length);
        } else {
          setLines(current => [...current, ...received].slice(-MAX_LINES));
        }
      }
      setStatus({ state: 'ended' });
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
