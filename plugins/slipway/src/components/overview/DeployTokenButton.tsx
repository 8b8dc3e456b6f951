import { CopyTextButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { DeployToken } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  useAction,
  useAppPermissions,
  useDomId,
  Field,
} from '../shared';

/**
 * Issues a deploy token for git push and scripts. The token is shown once,
 * in a dialog, because the backend keeps only its hash.
 */
export function DeployTokenButton(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const [token, setToken] = useState<DeployToken>();
  const titleId = useDomId('slipway-token');
  const create = useAction(
    () => api.createToken(app, { description: 'Created in the portal' }),
    () => 'Deploy token created',
    setToken,
  );

  return (
    <Box mt={1}>
      <GuardedButton
        variant="outlined"
        color="primary"
        allowed={permissions.canUpdate}
        reason={permissions.reason('create deploy tokens')}
        disabled={create.pending}
        onClick={() => create.run()}
      >
        Create deploy token
      </GuardedButton>
      {create.error || create.pending ? (
        <ActionStatus state={create.state} label="Creating token" />
      ) : null}
      <Dialog
        open={Boolean(token)}
        onClose={() => setToken(undefined)}
        aria-labelledby={titleId}
      >
        <DialogTitle id={titleId}>Your deploy token</DialogTitle>
        <DialogContent>
          <Typography paragraph>
            Copy it now: it is shown only once. Use it as the password when git
            asks, e.g. <code>git push slipway main</code>.
          </Typography>
          <Box display="flex" alignItems="center">
            <Field
              label="Deploy token"
              value={token?.token ?? ''}
              fullWidth
              InputProps={{ readOnly: true }}
              variant="outlined"
            />
            <CopyTextButton
              text={token?.token ?? ''}
              aria-label="Copy deploy token"
            />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setToken(undefined)}>Done</Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
