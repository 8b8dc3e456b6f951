import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { DeployToken } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  ConfirmDialog,
  GuardedButton,
  useAction,
  type AppPermissions,
} from '../shared';
import { tokenLabel } from './tokenLabel';

/** Revokes one token after a confirmation; pushes with it fail from then on. */
export function RevokeTokenButton(props: {
  token: DeployToken;
  permissions: AppPermissions;
  onRevoked(): void;
}) {
  const { token, permissions, onRevoked } = props;
  const api = useApi(slipwayApiRef);
  const [asking, setAsking] = useState(false);
  const revoke = useAction(
    () => api.revokeToken(token.app, token.id),
    () => `Revoked ${tokenLabel(token)}`,
    onRevoked,
  );
  return (
    <>
      <GuardedButton
        size="small"
        color="secondary"
        allowed={permissions.canUpdate}
        reason={permissions.reason('revoke deploy tokens')}
        disabled={revoke.pending}
        onClick={() => setAsking(true)}
        aria-label={`Revoke ${tokenLabel(token)}`}
      >
        Revoke
      </GuardedButton>
      {revoke.error && <ActionStatus state={revoke.state} />}
      <ConfirmDialog
        open={asking}
        title={`Revoke ${tokenLabel(token)}?`}
        confirmLabel="Revoke"
        danger
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void revoke.run();
        }}
      >
        <Typography>
          Pushes and scripts that use this token stop working at once. This
          cannot be undone; create a new token if you need one.
        </Typography>
      </ConfirmDialog>
    </>
  );
}
