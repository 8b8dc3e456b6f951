import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import FormHelperText from '@material-ui/core/FormHelperText';
import {
  autoscaleProblem,
  type Autoscale,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { Field, GuardedButton, typedNumber } from '../shared';

const FIELDS = [
  { field: 'min', label: 'Min' },
  { field: 'max', label: 'Max' },
  { field: 'cpuPercent', label: 'Target CPU %' },
] as const;

type Draft = Record<(typeof FIELDS)[number]['field'], string>;

/** One process type's autoscale bounds: set, change or remove them. */
export function AutoscaleRow(props: {
  type: string;
  saved?: Autoscale[string];
  allowed: boolean;
  reason: string;
  pending: boolean;
  onSave(bounds: Autoscale[string] | null): void;
}) {
  const { type, saved, allowed, reason } = props;
  const initial: Draft = {
    min: saved ? String(saved.min) : '',
    max: saved ? String(saved.max) : '',
    cpuPercent: saved ? String(saved.cpuPercent) : '',
  };
  const [draft, setDraft] = useState(initial);
  const bounds = {
    min: typedNumber(draft.min),
    max: typedNumber(draft.max),
    cpuPercent: typedNumber(draft.cpuPercent),
  };
  const touched = JSON.stringify(draft) !== JSON.stringify(initial);
  const problem = touched ? autoscaleProblem(type, bounds) : undefined;
  return (
    <TableRow>
      <TableCell>
        {type}
        {problem && <FormHelperText error>{problem}</FormHelperText>}
      </TableCell>
      {FIELDS.map(({ field, label }) => (
        <TableCell key={field}>
          <Field
            type="number"
            size="small"
            inputProps={{ 'aria-label': `${label} of ${type}` }}
            value={draft[field]}
            onChange={e => setDraft(d => ({ ...d, [field]: e.target.value }))}
            error={Boolean(problem)}
            disabled={!allowed}
            style={{ width: 90 }}
          />
        </TableCell>
      ))}
      <TableCell>
        <GuardedButton
          size="small"
          allowed={allowed}
          reason={reason}
          disabled={!touched || Boolean(problem) || props.pending}
          onClick={() => props.onSave(bounds)}
        >
          Autoscale {type}
        </GuardedButton>
        {saved && (
          <GuardedButton
            size="small"
            allowed={allowed}
            reason={reason}
            disabled={props.pending}
            onClick={() => props.onSave(null)}
          >
            Stop autoscaling {type}
          </GuardedButton>
        )}
      </TableCell>
    </TableRow>
  );
}
