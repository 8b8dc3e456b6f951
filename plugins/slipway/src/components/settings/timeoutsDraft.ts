import {
  bodySizeProblem,
  TIMEOUT_BOUNDS,
  wholeNumberProblem,
  type AppSettings,
  type SettingsPatch,
} from '@slipway/plugin-slipway-common';
import { typedNumber } from '../shared';

export type TimeoutField = keyof typeof TIMEOUT_BOUNDS | 'bodySize';

/** The fields of the router limits form, in the words of the page. */
export const TIMEOUT_FIELDS: { field: TimeoutField; label: string }[] = [
  { field: 'connectTimeout', label: 'Connect timeout (seconds)' },
  { field: 'readTimeout', label: 'Read timeout (seconds)' },
  { field: 'sendTimeout', label: 'Send timeout (seconds)' },
  { field: 'deployTimeout', label: 'Deploy timeout (seconds)' },
  { field: 'bodySize', label: 'Maximum request body' },
];

/** What the user typed, by field; fields not typed in keep their saved value. */
export type TimeoutsDraft = Partial<Record<TimeoutField, string>>;

/** Why a typed value would be refused by the API (the same rule), or undefined. */
export function timeoutProblem(
  field: TimeoutField,
  label: string,
  text: string,
): string | undefined {
  if (field === 'bodySize') return bodySizeProblem(text.trim());
  return wholeNumberProblem(
    label.replace(/ \(seconds\)$/, ''),
    typedNumber(text),
    TIMEOUT_BOUNDS[field],
  );
}

/** The changed, valid fields as a settings patch, and the problems of the invalid ones. */
export function timeoutsPatch(
  saved: AppSettings,
  draft: TimeoutsDraft,
): { patch: SettingsPatch; problems: TimeoutsDraft } {
  const patch: Record<string, string | number> = {};
  const problems: TimeoutsDraft = {};
  for (const { field, label } of TIMEOUT_FIELDS) {
    const text = draft[field];
    if (text === undefined) continue;
    const problem = timeoutProblem(field, label, text);
    if (problem) problems[field] = problem;
    else {
      const value = field === 'bodySize' ? text.trim() : typedNumber(text);
      if (value !== saved[field]) patch[field] = value;
    }
  }
  return { patch: patch as SettingsPatch, problems };
}
