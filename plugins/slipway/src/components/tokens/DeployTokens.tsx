import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LoadState, useAppPermissions } from '../shared';
import { CreateTokenButton } from './CreateTokenButton';
import { TokenTable } from './TokenTable';
import { useTokens } from './useTokens';

/** Deploy tokens for git push and scripts: the list, with Revoke, and a way to create one. */
export function DeployTokens(props: { app: string }) {
  const { app } = props;
  const permissions = useAppPermissions(app);
  const tokens = useTokens(app);
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        Deploy tokens
      </Typography>
      <LoadState {...tokens}>
        {list =>
          list.length === 0 ? (
            <Typography variant="body2">No deploy tokens yet.</Typography>
          ) : (
            <TokenTable
              tokens={list}
              permissions={permissions}
              onRevoked={tokens.reload}
            />
          )
        }
      </LoadState>
      <CreateTokenButton app={app} onCreated={tokens.reload} />
    </Box>
  );
}
