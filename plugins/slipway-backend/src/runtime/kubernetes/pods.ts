import type {
  LogLine,
  Process,
  ProcessState,
} from '@slipway/plugin-slipway-common';
import type { KubeObject } from '../../kubernetes/KubeClient';
import { LABEL_APP, LABEL_TYPE, releaseOf } from '../../kubernetes/names';

/** A pod of a process type as a Slipway process. */
export function toProcess(pod: KubeObject): Process {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const waiting = statuses.map(s => s.state?.waiting).find(Boolean);
  const ready = (pod.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
  let state: ProcessState;
  if (pod.metadata?.deletionTimestamp) state = 'stopping';
  else if (pod.status?.phase === 'Running' && ready) state = 'up';
  else if (
    pod.status?.phase === 'Failed' ||
    /CrashLoopBackOff|Error|ImagePullBackOff|ErrImagePull/.test(
      waiting?.reason ?? '',
    )
  )
    state = 'crashed';
  else if (pod.status?.phase === 'Succeeded') state = 'down';
  else state = 'starting';
  // How the last run ended (e.g. `OOMKilled`, exit code 137): why a process restarts.
  const last = statuses.map(s => s.lastState?.terminated).find(Boolean);
  const lastExit = last
    ? `last exit: ${last.reason ?? 'Error'} (exit code ${last.exitCode}${
        last.reason === 'OOMKilled' ? `, ${memoryLimitOf(pod)}` : ''
      })`
    : undefined;
  const waitingText = waiting?.reason
    ? `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`
    : undefined;
  const message =
    [waitingText, lastExit].filter(Boolean).join('; ') || undefined;
  return {
    name: pod.metadata.name,
    type: pod.metadata.labels![LABEL_TYPE],
    release: releaseOf(pod.metadata.labels),
    state,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    ...(pod.status?.startTime
      ? { startedAt: new Date(pod.status.startTime).toISOString() }
      : {}),
    ...(message ? { message } : {}),
  };
}

function memoryLimitOf(pod: KubeObject): string {
  const limit = pod.spec?.containers?.[0]?.resources?.limits?.memory;
  return limit ? `memory limit ${limit}` : 'no memory limit';
}

/** `2024-01-01T00:00:00.123456789Z text` (the API's `timestamps=true` format) → a LogLine of the pod. */
export function toLogLine(pod: KubeObject, text: string): LogLine {
  const type = pod.metadata.labels![LABEL_TYPE];
  const name = pod.metadata.name;
  // `myapp-web-5d8f9c-x2k4p` → `web.5d8f9c-x2k4p`, like Heroku's `web.1`.
  const prefix = `${pod.metadata.labels![LABEL_APP]}-${type}-`;
  const source = `${type}.${
    name.startsWith(prefix) ? name.slice(prefix.length) : name
  }`;
  const space = text.indexOf(' ');
  const stamp = space > 0 ? Date.parse(text.slice(0, space)) : NaN;
  return Number.isNaN(stamp)
    ? { time: new Date().toISOString(), source, line: text }
    : {
        time: new Date(stamp).toISOString(),
        source,
        line: text.slice(space + 1),
      };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
