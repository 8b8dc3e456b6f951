import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { PROBE_KINDS, type Healthcheck } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { ActionStatus, GuardedButton, type AppPermissions } from '../shared';
import { healthcheckFromDrafts, probeDraft } from './healthcheckDraft';
import { ProbeFields } from './ProbeFields';
import { useConfigChange } from './useProcessConfig';

/** Liveness and readiness probes per process type; a change makes a release. */
export function HealthchecksEditor(props: {
  app: string;
  types: string[];
  healthchecks: Record<string, Healthcheck>;
  permissions: AppPermissions;
  onSaved(): void;
}) {
  const { app, healthchecks, permissions } = props;
  const save = useConfigChange(
    app,
    patch =>
      Object.entries(patch.healthchecks ?? {})
        .map(([t, h]) => `${h ? 'Saved' : 'Removed'} healthchecks of ${t}`)
        .join(', '),
    props.onSaved,
  );
  const types = [
    ...new Set([...props.types, ...Object.keys(healthchecks)]),
  ].sort();
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Healthchecks
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        A failing liveness probe restarts the process; until its readiness probe
        passes, a process gets no requests. Empty numbers use the defaults; port
        defaults to the process's PORT.
      </Typography>
      {types.map(type => (
        <HealthcheckForm
          key={`${type}:${JSON.stringify(healthchecks[type] ?? {})}`}
          type={type}
          saved={healthchecks[type]}
          permissions={permissions}
          pending={save.pending}
          onSave={value => save.run({ healthchecks: { [type]: value } })}
        />
      ))}
      <ActionStatus state={save.state} label="Saving healthchecks" />
    </Box>
  );
}

function HealthcheckForm(props: {
  type: string;
  saved?: Healthcheck;
  permissions: AppPermissions;
  pending: boolean;
  onSave(value: Healthcheck | null): void;
}) {
  const { type, saved, permissions } = props;
  const initial = {
    liveness: probeDraft(saved?.liveness),
    readiness: probeDraft(saved?.readiness),
  };
  const [drafts, setDrafts] = useState(initial);
  const { healthcheck, invalid } = healthcheckFromDrafts(type, drafts);
  const changed = JSON.stringify(drafts) !== JSON.stringify(initial);
  return (
    <Box mb={2} role="group" aria-label={`Healthchecks of ${type}`}>
      <Typography variant="subtitle1" component="h3">
        {type}
      </Typography>
      {PROBE_KINDS.map(kind => (
        <Box key={kind}>
          <Typography variant="body2">
            {kind === 'liveness' ? 'Liveness' : 'Readiness'}
          </Typography>
          <ProbeFields
            what={`${kind} probe of "${type}"`}
            draft={drafts[kind]}
            onChange={d => setDrafts(all => ({ ...all, [kind]: d }))}
            disabled={!permissions.canUpdate}
          />
        </Box>
      ))}
      <GuardedButton
        size="small"
        variant="outlined"
        allowed={permissions.canUpdate}
        reason={permissions.reason('change its healthchecks')}
        disabled={!changed || invalid || props.pending}
        onClick={() => props.onSave(healthcheck)}
      >
        Save healthchecks of {type}
      </GuardedButton>
    </Box>
  );
}
