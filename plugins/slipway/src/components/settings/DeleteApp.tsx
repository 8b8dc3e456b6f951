import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { slipwayApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  ActionStatus,
  ConfirmDialog,
  GuardedButton,
  useAction,
  type AppPermissions,
  Field,
} from '../shared';

/**
 * Destroys the app and everything it owns, after the user types its name; then leaves its
 * (now empty) page for the Apps page, where the outcome is announced.
 */
export function DeleteApp(props: { app: string; permissions: AppPermissions }) {
  const { app, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const alertApi = useApi(alertApiRef);
  const appsPage = useRouteRef(rootRouteRef);
  const navigate = useNavigate();
  const destroy = useAction(
    () => api.deleteApp(app),
    () => `Deleted ${app}`,
    () => {
      alertApi.post({
        message: `Deleted ${app}. Its catalog entry disappears at the next catalog refresh.`,
        severity: 'success',
        display: 'transient',
      });
      navigate(appsPage());
    },
  );
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Delete app
      </Typography>
      <Typography variant="body2" paragraph>
        Deleting {app} stops its processes and removes its releases, config,
        domains, certificates and git repository. This cannot be undone.
      </Typography>
      <GuardedButton
        variant="outlined"
        color="secondary"
        allowed={permissions.canDelete}
        reason={permissions.reason('delete it')}
        disabled={destroy.pending || Boolean(destroy.result)}
        onClick={() => setOpen(true)}
      >
        Delete {app}
      </GuardedButton>
      <ActionStatus state={destroy.state} label="Deleting" />
      <ConfirmDialog
        open={open}
        title={`Delete ${app}?`}
        confirmLabel="Delete app"
        danger
        confirmDisabled={typed !== app}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setOpen(false);
          setTyped('');
          destroy.run();
        }}
      >
        <Typography paragraph>Type the app's name to confirm.</Typography>
        <Field
          label="App name"
          value={typed}
          onChange={e => setTyped(e.target.value)}
          fullWidth
        />
      </ConfirmDialog>
    </Box>
  );
}
