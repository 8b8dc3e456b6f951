import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { LoadState, type AppPermissions } from '../../shared';
import { AddDrainForm } from './AddDrainForm';
import { DrainTable } from './DrainTable';
import { useDrains } from './useDrains';

/** Log drains in Settings: where the app's lines are also sent. Owners only (the API's rule). */
export function LogDrains(props: { app: string; permissions: AppPermissions }) {
  const { app, permissions } = props;
  const drains = useDrains(app, permissions.canUpdate);
  return (
    <Box mt={3} component="section" aria-label="Log drains">
      <Typography variant="h6" component="h3">
        Log drains
      </Typography>
      {!permissions.loading && !permissions.canUpdate && (
        <Typography variant="body2" color="textSecondary">
          {permissions.reason('see and change its log drains')}.
        </Typography>
      )}
      {!permissions.loading && permissions.canUpdate && (
        <>
          <Typography variant="body2" color="textSecondary">
            Every line of the app, the router and the platform is also sent to
            these (at most 5), masked.
          </Typography>
          <LoadState {...drains}>
            {list =>
              list.length === 0 ? (
                <Typography variant="body2">No log drains yet.</Typography>
              ) : (
                <DrainTable app={app} drains={list} onRemoved={drains.reload} />
              )
            }
          </LoadState>
          <AddDrainForm app={app} onAdded={drains.reload} />
        </>
      )}
    </Box>
  );
}
