import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type {
  AppSettings,
  SettingsPatch,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  Field,
  GuardedButton,
  useAction,
  type AppPermissions,
} from '../shared';
import {
  TIMEOUT_FIELDS,
  timeoutsPatch,
  type TimeoutsDraft,
} from './timeoutsDraft';

/** The router's timeouts and body size, and how long a rollout may take. */
export function TimeoutsEditor(props: {
  app: string;
  saved: AppSettings;
  permissions: AppPermissions;
  onSaved(): void;
}) {
  const { app, saved, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [draft, setDraft] = useState<TimeoutsDraft>({});
  const save = useAction(
    (patch: SettingsPatch) => api.patchSettings(app, patch),
    (_, patch) =>
      `Saved ${TIMEOUT_FIELDS.filter(f => f.field in patch)
        .map(f => f.label.replace(/ \(seconds\)$/, '').toLowerCase())
        .join(', ')}`,
    () => {
      setDraft({});
      props.onSaved();
    },
  );
  const { patch, problems } = timeoutsPatch(saved, draft);
  const invalid = Object.keys(problems).length > 0;
  const changed = Object.keys(patch).length > 0;
  const allowed = permissions.canUpdate;
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Timeouts and limits
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        How long the router waits for the app, the largest request it passes on,
        and how long a rollout may take before its release fails.
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {TIMEOUT_FIELDS.map(({ field, label }) => (
          <Field
            key={field}
            label={label}
            size="small"
            value={draft[field] ?? String(saved[field])}
            onChange={e => {
              save.reset();
              setDraft(d => ({ ...d, [field]: e.target.value }));
            }}
            error={Boolean(problems[field])}
            helperText={problems[field]}
            disabled={!allowed}
            style={{ width: 240 }}
          />
        ))}
      </Box>
      <Box display="flex" mt={2} style={{ gap: 8 }}>
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={allowed}
          reason={permissions.reason('change its settings')}
          disabled={!changed || invalid || save.pending}
          onClick={() => save.run(patch)}
        >
          Save timeouts
        </GuardedButton>
        <Button
          disabled={Object.keys(draft).length === 0 || save.pending}
          onClick={() => setDraft({})}
        >
          Discard
        </Button>
      </Box>
      <ActionStatus state={save.state} label="Saving timeouts" />
    </Box>
  );
}
