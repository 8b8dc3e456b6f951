import {
  PROBE_BOUNDS,
  probeCommandProblem,
  probePathProblem,
  wholeNumberProblem,
  type Healthcheck,
  type Probe,
} from '@slipway/plugin-slipway-common';
import { typedNumber } from '../shared';

/** The optional numbers of a probe, as the form shows them. */
export const PROBE_NUMBERS = [
  { field: 'port', label: 'Port' },
  { field: 'initialDelaySeconds', label: 'Initial delay (s)' },
  { field: 'periodSeconds', label: 'Period (s)' },
  { field: 'timeoutSeconds', label: 'Timeout (s)' },
  { field: 'failureThreshold', label: 'Failures' },
] as const;

type NumberField = (typeof PROBE_NUMBERS)[number]['field'];

/** A probe as typed: every field a string; `type` '' means no probe. */
export type ProbeDraft = {
  type: '' | Probe['type'];
  path: string;
  command: string;
} & Record<NumberField, string>;

/** The draft of a saved probe (or of none). */
export function probeDraft(probe: Probe | undefined): ProbeDraft {
  const number = (field: NumberField) =>
    probe?.[field] === undefined ? '' : String(probe[field]);
  return {
    type: probe?.type ?? '',
    path: probe?.path ?? '',
    // Words separated by spaces: what people type for a command.
    command: probe?.command?.join(' ') ?? '',
    port: number('port'),
    initialDelaySeconds: number('initialDelaySeconds'),
    periodSeconds: number('periodSeconds'),
    timeoutSeconds: number('timeoutSeconds'),
    failureThreshold: number('failureThreshold'),
  };
}

/** The probe a draft describes, with problems by field under the API's rules. */
export function probeFromDraft(
  what: string,
  draft: ProbeDraft,
): { probe?: Probe; problems: Partial<Record<keyof ProbeDraft, string>> } {
  if (draft.type === '') return { problems: {} };
  const problems: Partial<Record<keyof ProbeDraft, string>> = {};
  const probe: Probe = { type: draft.type };
  if (draft.type === 'http') {
    problems.path = probePathProblem(what, draft.path.trim());
    probe.path = draft.path.trim();
  }
  if (draft.type === 'exec') {
    const command = draft.command.split(/\s+/).filter(Boolean);
    problems.command = probeCommandProblem(what, command);
    probe.command = command;
  }
  for (const { field, label } of PROBE_NUMBERS) {
    if (
      draft[field].trim() === '' ||
      (field === 'port' && draft.type === 'exec')
    )
      continue;
    const value = typedNumber(draft[field]);
    problems[field] = wholeNumberProblem(label, value, PROBE_BOUNDS[field]);
    probe[field] = value;
  }
  for (const key of Object.keys(problems) as (keyof ProbeDraft)[]) {
    if (!problems[key]) delete problems[key];
  }
  return { probe, problems };
}

/** The healthcheck of both drafts: null when neither probes (removes it). */
export function healthcheckFromDrafts(
  type: string,
  drafts: Record<'liveness' | 'readiness', ProbeDraft>,
): { healthcheck: Healthcheck | null; invalid: boolean } {
  const healthcheck: Healthcheck = {};
  let invalid = false;
  for (const kind of ['liveness', 'readiness'] as const) {
    const { probe, problems } = probeFromDraft(
      `${kind} probe of "${type}"`,
      drafts[kind],
    );
    if (Object.keys(problems).length > 0) invalid = true;
    if (probe) healthcheck[kind] = probe;
  }
  return {
    healthcheck: Object.keys(healthcheck).length > 0 ? healthcheck : null,
    invalid,
  };
}
