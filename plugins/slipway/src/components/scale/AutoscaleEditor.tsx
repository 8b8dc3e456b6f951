import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { Autoscale } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  LOCAL_AUTOSCALE_REASON,
  Table,
  useAction,
  useAppCluster,
  type AppPermissions,
} from '../shared';
import { AutoscaleRow } from './AutoscaleRow';

/** Which process types a HorizontalPodAutoscaler scales, between which bounds (Kubernetes only). */
export function AutoscaleEditor(props: {
  app: string;
  types: string[];
  autoscale: Autoscale;
  permissions: AppPermissions;
  onSaved(): void;
}) {
  const { app, autoscale, permissions } = props;
  const api = useApi(slipwayApiRef);
  const { isLocal } = useAppCluster(app);
  const save = useAction(
    // The API replaces the whole map: send the others unchanged.
    (type: string, bounds: Autoscale[string] | null) => {
      const { [type]: _old, ...others } = autoscale;
      return api.patchSettings(app, {
        autoscale: bounds ? { ...others, [type]: bounds } : others,
      });
    },
    (_, type, bounds) =>
      bounds
        ? `${type} autoscales from ${bounds.min} to ${bounds.max} replicas at ${bounds.cpuPercent}% CPU`
        : `${type} is no longer autoscaled`,
    props.onSaved,
  );
  // Offered only where it can work: the local runtime cannot autoscale.
  const allowed = permissions.canUpdate && isLocal === false;
  const reason = isLocal
    ? LOCAL_AUTOSCALE_REASON
    : permissions.reason('change its autoscaling');
  const types = [
    ...new Set([...props.types, ...Object.keys(autoscale)]),
  ].sort();
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h2">
        Autoscaling
      </Typography>
      <Typography variant="body2" color="textSecondary" paragraph>
        A HorizontalPodAutoscaler keeps the average CPU use of a type&apos;s
        processes near the target by choosing its replicas between min and max;
        while it does, the type cannot be scaled by hand.
      </Typography>
      {isLocal && (
        <Alert severity="info" aria-label="Autoscaling is not available">
          {LOCAL_AUTOSCALE_REASON}
        </Alert>
      )}
      {types.length > 0 && (
        <Table size="small" aria-label="Autoscaling">
          <TableHead>
            <TableRow>
              <TableCell>Process type</TableCell>
              <TableCell>Min</TableCell>
              <TableCell>Max</TableCell>
              <TableCell>Target CPU %</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {types.map(type => (
              <AutoscaleRow
                key={`${type}:${JSON.stringify(autoscale[type] ?? {})}`}
                type={type}
                saved={autoscale[type]}
                allowed={allowed}
                reason={reason}
                pending={save.pending}
                onSave={bounds => save.run(type, bounds)}
              />
            ))}
          </TableBody>
        </Table>
      )}
      <ActionStatus state={save.state} label="Saving autoscaling" />
    </Box>
  );
}
