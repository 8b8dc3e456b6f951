import type { Procfile } from '@slipway/plugin-slipway-common';
import { DIGEST } from '../../registry';
import { parseProcfile } from '../local/procfile';

/*
 * What a build Job reports back in its termination message (the kubelet keeps at most 4096 bytes):
 * the digest of the image it pushed on the first line, then, when the source has a Procfile, a
 * line `--- Procfile <bytes>` and the Procfile as the build pod read it. The backend learns the process
 * types from the build itself and never reads the pushed tree on its own machine for them. The
 * message is written by a pod that ran the app's code: it is untrusted input, checked here.
 */

/** Most of a Procfile a build reports; a longer one is refused. */
export const MAX_REPORTED_PROCFILE_BYTES = 3072;
const PROCFILE_MARKER = '--- Procfile';

/**
 * Shell lines that keep the pushed Procfile (a regular file, not a link; at most one byte more
 * than is allowed, so that a longer one is seen) before any of the app's code runs in the pod.
 */
export function captureProcfileScript(workspace: string): string {
  return [
    'slipway_procfile=',
    `if [ -f ${workspace}/Procfile ] && [ ! -L ${workspace}/Procfile ]; then`,
    `  slipway_procfile="$(head -c ${
      MAX_REPORTED_PROCFILE_BYTES + 1
    } ${workspace}/Procfile || true)"`,
    // Counted apart: the shell drops NUL bytes from what it keeps.
    `  slipway_procfile_bytes="$(head -c ${
      MAX_REPORTED_PROCFILE_BYTES + 1
    } ${workspace}/Procfile | wc -c || true)"`,
    '  slipway_has_procfile=yes',
    'fi',
  ].join('\n');
}

/** Shell lines that write the report: the digest (`$1` of the script's `digest` variable) and the Procfile kept before. */
export function writeReportScript(reportFile: string): string {
  return [
    '{',
    `  printf '%s\\n' "$digest"`,
    `  if [ "$slipway_has_procfile" = yes ]; then printf '%s %s\\n%s\\n' '${PROCFILE_MARKER}' "$slipway_procfile_bytes" "$slipway_procfile"; fi`,
    `} > ${reportFile}`,
  ].join('\n');
}

export type BuildReport = { digest: string; procfile?: Procfile };

/** Reads a build's termination message; throws with what is wrong with it (never repeating it). */
export function parseBuildReport(message: string): BuildReport {
  const [first, ...rest] = message.split('\n');
  const digest = (first ?? '').trim();
  if (!DIGEST.test(digest)) {
    throw new Error(
      'the build finished without reporting the digest of a pushed image',
    );
  }
  const marker = rest.findIndex(line => line.startsWith(PROCFILE_MARKER));
  if (marker < 0) return { digest };
  const text = rest.slice(marker + 1).join('\n');
  const counted = Number(rest[marker].slice(PROCFILE_MARKER.length).trim());
  if (
    Buffer.byteLength(text, 'utf8') > MAX_REPORTED_PROCFILE_BYTES ||
    (Number.isFinite(counted) && counted > MAX_REPORTED_PROCFILE_BYTES)
  ) {
    throw new Error(
      `the Procfile is larger than ${MAX_REPORTED_PROCFILE_BYTES} bytes, the most a Kubernetes build reports`,
    );
  }
  return { digest, procfile: parseProcfile(text) };
}
