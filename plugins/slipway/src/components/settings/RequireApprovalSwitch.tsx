import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  useAction,
  useLoad,
  type AppPermissions,
} from '../shared';

/**
 * Whether promotions into the app wait for someone else's approval. Only apps in a pipeline are
 * promoted to, so only they show it (and an app that left its pipeline with it on, to turn it
 * off). Like the router settings, the switch is staged and saved with its own button; the API
 * refuses to turn it on when nobody but the requester could approve, and the reason is shown.
 */
export function RequireApprovalSwitch(props: {
  app: string;
  enabled: boolean;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, enabled, permissions } = props;
  const api = useApi(slipwayApiRef);
  const details = useLoad(() => api.getApp(app), [api, app]);
  const [wanted, setWanted] = useState(enabled);
  // Saved (here or elsewhere): the switch shows what is stored again.
  useEffect(() => setWanted(enabled), [enabled]);
  const save = useAction(
    (on: boolean) => api.patchSettings(app, { requireApproval: on }),
    s =>
      s.requireApproval
        ? 'Promotions now wait for approval'
        : 'Promotions no longer wait for approval',
    props.onChange,
  );
  const pipeline = details.value?.pipeline;
  if (!details.value || (!pipeline && !enabled)) return null;
  const reason = permissions.reason('change its settings');
  return (
    <Box mt={4} component="section" aria-label="Promotions">
      <Typography variant="h6" component="h2">
        Promotions
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {pipeline
          ? `${app} is the ${pipeline.stage} app of pipeline ${pipeline.name}. `
          : `${app} is in no pipeline any more, so nothing is promoted to it. `}
        With approval required, a promotion into {app} waits until a different
        member of its owner approves it; the requester may withdraw it.
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={wanted}
            disabled={!permissions.canUpdate || save.pending}
            onChange={e => setWanted(e.target.checked)}
          />
        }
        label="Require approval"
      />
      <Box display="flex" mt={1} style={{ gap: 8 }}>
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={permissions.canUpdate}
          reason={reason}
          disabled={wanted === enabled || save.pending}
          onClick={() => save.run(wanted)}
        >
          Save approval setting
        </GuardedButton>
        <Button
          disabled={wanted === enabled || save.pending}
          onClick={() => setWanted(enabled)}
        >
          Discard
        </Button>
      </Box>
      <ActionStatus state={save.state} label="Saving" />
    </Box>
  );
}
