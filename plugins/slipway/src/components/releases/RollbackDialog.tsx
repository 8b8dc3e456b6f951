import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import type { Release } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { ConfirmDialog, LoadState, useLoad } from '../shared';
import { DiffTable } from './DiffTable';

/**
 * Confirms a rollback, naming what will change: the diff from the current
 * release to the target, which is exactly what the new release will undo.
 */
export function RollbackDialog(props: {
  app: string;
  current: number;
  target: Release;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { app, current, target } = props;
  const api = useApi(slipwayApiRef);
  const diff = useLoad(
    () => api.diffReleases(app, current, target.version),
    [api, app, current, target.version],
  );
  return (
    <ConfirmDialog
      open
      title={`Roll back ${app} to v${target.version}?`}
      confirmLabel={`Roll back to v${target.version}`}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <Typography paragraph>
        This creates a new release with the build and config of v
        {target.version} ({target.summary}). These changes from the current
        release v{current} will be applied:
      </Typography>
      <LoadState {...diff}>{value => <DiffTable diff={value} />}</LoadState>
    </ConfirmDialog>
  );
}
