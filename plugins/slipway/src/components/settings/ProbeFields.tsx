import Box from '@material-ui/core/Box';
import { Field } from '../shared';
import {
  PROBE_NUMBERS,
  probeFromDraft,
  type ProbeDraft,
} from './healthcheckDraft';

const KINDS = [
  { value: '', label: 'None' },
  { value: 'http', label: 'HTTP GET' },
  { value: 'tcp', label: 'TCP connect' },
  { value: 'exec', label: 'Command' },
];

/** One probe (liveness or readiness) of a process type, checked as the API checks it. */
export function ProbeFields(props: {
  /** e.g. `liveness probe of "web"`: names the fields and the API's messages. */
  what: string;
  draft: ProbeDraft;
  onChange(draft: ProbeDraft): void;
  disabled: boolean;
}) {
  const { what, draft, disabled } = props;
  const { problems } = probeFromDraft(what, draft);
  const set = (field: keyof ProbeDraft) => (e: { target: { value: string } }) =>
    props.onChange({ ...draft, [field]: e.target.value });
  const field = (name: keyof ProbeDraft, label: string, width: number) => (
    <Field
      key={name}
      size="small"
      label={label}
      inputProps={{ 'aria-label': `${label} of the ${what}` }}
      value={draft[name]}
      onChange={set(name)}
      error={Boolean(problems[name])}
      helperText={problems[name]}
      disabled={disabled}
      style={{ width }}
    />
  );
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      style={{ gap: 8 }}
      my={1}
    >
      <Field
        select
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        size="small"
        label="Check"
        inputProps={{ 'aria-label': `Kind of the ${what}` }}
        value={draft.type}
        onChange={set('type')}
        disabled={disabled}
        style={{ width: 140 }}
      >
        {KINDS.map(k => (
          <option key={k.value} value={k.value}>
            {k.label}
          </option>
        ))}
      </Field>
      {draft.type === 'http' && field('path', 'Path', 160)}
      {draft.type === 'exec' && field('command', 'Command (words)', 240)}
      {draft.type !== '' &&
        PROBE_NUMBERS.filter(
          n => n.field !== 'port' || draft.type !== 'exec',
        ).map(n => field(n.field, n.label, 110))}
    </Box>
  );
}
