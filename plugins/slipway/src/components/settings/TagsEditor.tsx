import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { tagKeyProblem, tagValueProblem } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import {
  ActionStatus,
  Field,
  GuardedButton,
  type AppPermissions,
} from '../shared';
import { useConfigChange } from './useProcessConfig';

/** Node labels the app's processes are scheduled on; a change makes a release. */
export function TagsEditor(props: {
  app: string;
  tags: Record<string, string>;
  permissions: AppPermissions;
  onSaved(): void;
}) {
  const { app, tags, permissions } = props;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const change = useConfigChange(
    app,
    patch =>
      Object.entries(patch.tags ?? {})
        .map(([k, v]) =>
          v === null ? `Removed tag ${k}` : `Set tag ${k}=${v}`,
        )
        .join(', '),
    () => {
      setKey('');
      setValue('');
      props.onSaved();
    },
  );
  const problem = key
    ? tagKeyProblem(key) ?? tagValueProblem(key, value)
    : undefined;
  const allowed = permissions.canUpdate;
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Tags
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {entries.length === 0
          ? 'Processes run on any node.'
          : 'Processes run only on nodes with these labels:'}
      </Typography>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 8 }}
        my={1}
        aria-label="Tags"
      >
        {entries.map(([k, v]) => (
          <Chip
            key={k}
            label={`${k}=${v}`}
            onDelete={
              allowed && !change.pending
                ? () => change.run({ tags: { [k]: null } })
                : undefined
            }
          />
        ))}
      </Box>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Field
          label="Tag"
          placeholder="topology.kubernetes.io/zone"
          value={key}
          onChange={e => setKey(e.target.value.trim())}
          error={Boolean(problem)}
          helperText={problem}
          size="small"
          disabled={!allowed}
        />
        <Field
          label="Value"
          placeholder="eu-west-1a"
          value={value}
          onChange={e => setValue(e.target.value.trim())}
          size="small"
          disabled={!allowed}
        />
        <GuardedButton
          allowed={allowed}
          reason={permissions.reason('change its tags')}
          disabled={!key || Boolean(problem) || change.pending}
          onClick={() => change.run({ tags: { [key]: value } })}
        >
          Set tag
        </GuardedButton>
      </Box>
      <ActionStatus state={change.state} label="Saving tags" />
    </Box>
  );
}
