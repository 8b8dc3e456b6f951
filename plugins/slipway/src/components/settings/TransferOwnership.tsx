import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { parseOwnerRef } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  ConfirmDialog,
  Field,
  GuardedButton,
  useAction,
  useLoad,
  type AppPermissions,
} from '../shared';

/** Hands the app to another team or person, after a confirmation (they then decide about it). */
export function TransferOwnership(props: {
  app: string;
  permissions: AppPermissions;
}) {
  const { app, permissions } = props;
  const api = useApi(slipwayApiRef);
  const details = useLoad(() => api.getApp(app), [api, app]);
  const [owner, setOwner] = useState('');
  const [asking, setAsking] = useState(false);
  const transfer = useAction(
    (to: string) => api.transferApp(app, to),
    changed => `${app} now belongs to ${changed.owner}`,
    () => {
      setOwner('');
      details.reload();
    },
  );
  // The API's own rule: a bare name is a group, shown as the ref the API will store.
  const parsed = owner ? parseOwnerRef(owner) : undefined;
  const problem = parsed?.problem;
  const to = parsed?.ref ?? owner;
  return (
    <Box mt={4}>
      <Typography variant="h6" component="h2">
        Transfer ownership
      </Typography>
      <Typography variant="body2" paragraph>
        Owned by {details.value?.owner ?? '…'}. The new owner can change and
        delete {app}; you keep only what every user may do.
      </Typography>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Field
          label="New owner"
          placeholder="group:default/team-a"
          value={owner}
          onChange={e => setOwner(e.target.value.trim())}
          error={Boolean(problem)}
          helperText={
            problem ?? (to !== owner ? `Transfers to ${to}` : undefined)
          }
          size="small"
          disabled={!permissions.canUpdate}
        />
        <GuardedButton
          variant="outlined"
          allowed={permissions.canUpdate}
          reason={permissions.reason('transfer it')}
          disabled={!owner || Boolean(problem) || transfer.pending}
          onClick={() => setAsking(true)}
        >
          Transfer
        </GuardedButton>
      </Box>
      <ActionStatus state={transfer.state} label="Transferring" />
      <ConfirmDialog
        open={asking}
        title={`Transfer ${app} to ${to}?`}
        confirmLabel="Transfer"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void transfer.run(to);
        }}
      >
        <Typography>
          {to} becomes the owner of {app}. Deploy tokens of people who no longer
          own it stop working.
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
