import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import { ActionStatus, useAction, type AppPermissions } from '../shared';

/** Whether promotions into the app wait for someone else's approval (pipelines). */
export function RequireApprovalSwitch(props: {
  app: string;
  enabled: boolean;
  permissions: AppPermissions;
  onChange(): void;
}) {
  const { app, enabled, permissions } = props;
  const api = useApi(slipwayApiRef);
  const approval = useAction(
    (on: boolean) => api.patchSettings(app, { requireApproval: on }),
    s =>
      s.requireApproval
        ? 'Promotions now wait for approval'
        : 'Promotions no longer wait for approval',
    props.onChange,
  );
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Promotions
      </Typography>
      <FormControlLabel
        control={
          <Switch
            checked={enabled}
            disabled={!permissions.canUpdate || approval.pending}
            onChange={e => approval.run(e.target.checked)}
          />
        }
        label="Require approval"
      />
      <Typography variant="body2" color="textSecondary">
        A promotion into {app} from its pipeline waits until a different user
        approves it.
      </Typography>
      <ActionStatus state={approval.state} label="Saving" />
    </Box>
  );
}
