import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import { OwnerPicker } from './OwnerPicker';
import type { OwnerOption } from './useOwnerOptions';
import {
  ActionStatus,
  ConfirmDialog,
  GuardedButton,
  useAction,
  useLoad,
  type AppPermissions,
} from '../shared';

/**
 * Hands the app to another team or person of the catalog (picked, not typed: the API refuses an
 * owner the catalog does not know), after a confirmation.
 */
export function TransferOwnership(props: {
  app: string;
  permissions: AppPermissions;
}) {
  const { app, permissions } = props;
  const api = useApi(slipwayApiRef);
  const details = useLoad(() => api.getApp(app), [api, app]);
  const [owner, setOwner] = useState<OwnerOption | null>(null);
  const [asking, setAsking] = useState(false);
  const transfer = useAction(
    (to: string) => api.transferApp(app, to),
    changed => `${app} now belongs to ${changed.owner}`,
    () => {
      setOwner(null);
      details.reload();
    },
  );
  const to = owner?.ref ?? '';
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
        <OwnerPicker
          value={owner}
          onChange={setOwner}
          exclude={details.value?.owner}
          disabled={!permissions.canUpdate}
        />
        <GuardedButton
          variant="outlined"
          allowed={permissions.canUpdate}
          reason={permissions.reason('transfer it')}
          disabled={!owner || transfer.pending}
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
