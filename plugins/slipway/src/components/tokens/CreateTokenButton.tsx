import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { DeployToken } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  ConfirmDialog,
  Field,
  GuardedButton,
  useAction,
  useAppPermissions,
} from '../shared';
import { NewTokenDialog } from './NewTokenDialog';

/** Longest description a person would type for a token ("CI", "jane's laptop"). */
const MAX_DESCRIPTION = 100;

/**
 * Issues a named deploy token for git push and scripts. The token is shown once,
 * in a dialog, because the backend keeps only its hash.
 */
export function CreateTokenButton(props: { app: string; onCreated(): void }) {
  const { app, onCreated } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const [naming, setNaming] = useState(false);
  const [description, setDescription] = useState('');
  const [token, setToken] = useState<DeployToken>();
  const create = useAction(
    (text: string) => api.createToken(app, { description: text }),
    () => 'Deploy token created',
    created => {
      setToken(created);
      setDescription('');
      onCreated();
    },
  );
  const trimmed = description.trim();

  return (
    <Box mt={1}>
      <GuardedButton
        variant="outlined"
        color="primary"
        allowed={permissions.canUpdate}
        reason={permissions.reason('create deploy tokens')}
        disabled={create.pending}
        onClick={() => {
          create.reset();
          setNaming(true);
        }}
      >
        Create deploy token
      </GuardedButton>
      {create.error || create.pending ? (
        <ActionStatus state={create.state} label="Creating token" />
      ) : null}
      <ConfirmDialog
        open={naming}
        title="New deploy token"
        confirmLabel="Create token"
        confirmDisabled={!trimmed || trimmed.length > MAX_DESCRIPTION}
        onCancel={() => setNaming(false)}
        onConfirm={() => {
          setNaming(false);
          void create.run(trimmed);
        }}
      >
        <Typography paragraph>
          Name it after where it will be used, so you know which one to revoke
          later.
        </Typography>
        <Field
          label="Description"
          placeholder="e.g. CI, jane's laptop"
          value={description}
          onChange={e => setDescription(e.target.value)}
          error={trimmed.length > MAX_DESCRIPTION}
          helperText={`Required, at most ${MAX_DESCRIPTION} characters`}
          fullWidth
          variant="outlined"
        />
      </ConfirmDialog>
      <NewTokenDialog token={token} onClose={() => setToken(undefined)} />
    </Box>
  );
}
