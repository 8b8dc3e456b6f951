import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  cpuLimitProblem,
  memoryLimitProblem,
  type ProcessLimits,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import {
  ActionStatus,
  Field,
  GuardedButton,
  Table,
  type AppPermissions,
} from '../shared';
import { LimitsEnforcement } from './LimitsEnforcement';
import { useConfigChange } from './useProcessConfig';

/** Memory and CPU limits per process type; a change makes a release. */
export function LimitsEditor(props: {
  app: string;
  types: string[];
  limits: Record<string, ProcessLimits>;
  permissions: AppPermissions;
  onSaved(): void;
}) {
  const { app, limits, permissions } = props;
  const save = useConfigChange(
    app,
    patch =>
      Object.entries(patch.limits ?? {})
        .map(([type, l]) => `${l ? 'Saved' : 'Removed'} limits of ${type}`)
        .join(', '),
    props.onSaved,
  );
  const types = [...new Set([...props.types, ...Object.keys(limits)])].sort();
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Limits
      </Typography>
      <Typography variant="body2" color="textSecondary">
        The most memory and CPU each process of a type may use, as Kubernetes
        quantities (512Mi, 1Gi; 500m, 2).
      </Typography>
      <LimitsEnforcement app={app} />
      {types.length === 0 ? (
        <Typography variant="body2">
          No process types yet: deploy a build with a Procfile first.
        </Typography>
      ) : (
        <Table size="small" aria-label="Limits">
          <TableHead>
            <TableRow>
              <TableCell>Process type</TableCell>
              <TableCell>Memory</TableCell>
              <TableCell>CPU</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {types.map(type => (
              <LimitsRow
                key={`${type}:${JSON.stringify(limits[type] ?? {})}`}
                type={type}
                saved={limits[type]}
                permissions={permissions}
                pending={save.pending}
                onSave={value => save.run({ limits: { [type]: value } })}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <ActionStatus state={save.state} label="Saving limits" />
    </Box>
  );
}

function LimitsRow(props: {
  type: string;
  saved?: ProcessLimits;
  permissions: AppPermissions;
  pending: boolean;
  onSave(value: ProcessLimits | null): void;
}) {
  const { type, saved, permissions } = props;
  const [memory, setMemory] = useState(saved?.memory ?? '');
  const [cpu, setCpu] = useState(saved?.cpu ?? '');
  const memoryProblem = memory && memoryLimitProblem(type, memory);
  const cpuProblem = cpu && cpuLimitProblem(type, cpu);
  const value: ProcessLimits | null =
    memory || cpu ? { ...(memory && { memory }), ...(cpu && { cpu }) } : null;
  const changed =
    memory !== (saved?.memory ?? '') || cpu !== (saved?.cpu ?? '');
  const field = (
    label: string,
    text: string,
    set: (v: string) => void,
    problem: string | undefined,
  ) => (
    <Field
      size="small"
      inputProps={{ 'aria-label': `${label} limit of ${type}` }}
      value={text}
      onChange={e => set(e.target.value.trim())}
      error={Boolean(problem)}
      helperText={problem}
      disabled={!permissions.canUpdate}
    />
  );
  return (
    <TableRow>
      <TableCell>{type}</TableCell>
      <TableCell>
        {field('Memory', memory, setMemory, memoryProblem || undefined)}
      </TableCell>
      <TableCell>
        {field('CPU', cpu, setCpu, cpuProblem || undefined)}
      </TableCell>
      <TableCell>
        <GuardedButton
          size="small"
          allowed={permissions.canUpdate}
          reason={permissions.reason('change its limits')}
          disabled={
            !changed || Boolean(memoryProblem || cpuProblem) || props.pending
          }
          onClick={() => props.onSave(value)}
        >
          Save limits of {type}
        </GuardedButton>
      </TableCell>
    </TableRow>
  );
}
