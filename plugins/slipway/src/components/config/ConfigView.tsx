import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  configSize,
  formatBytes,
  MAX_CONFIG_BYTES,
  type ConfigView as ConfigViewType,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  appChannel,
  GuardedButton,
  LoadState,
  PermissionNotice,
  useAppPermissions,
  useLiveLoad,
} from '../shared';
import { ConfigChanges, configRows, describeChanges } from './configChanges';
import { ConfigConflictNotice } from './ConfigConflictNotice';
import { ConfigVarRow } from './ConfigVarRow';
import { NewVarRow } from './NewVarRow';
import { useConfigEdits } from './useConfigEdits';

/**
 * Config vars: see (when revealed), add, change and unset several keys in one release. Live: a
 * change made elsewhere shows up at once (signals), beside the user's staged edits.
 */
export function ConfigView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const state = useLiveLoad(() => api.getConfig(app), [api, app], {
    channel: appChannel(app),
  });
  return (
    <LoadState {...state}>
      {view => <ConfigEditor app={app} view={view} reload={state.reload} />}
    </LoadState>
  );
}

function ConfigEditor(props: {
  app: string;
  view: ConfigViewType;
  reload(): void;
}) {
  const { app, view } = props;
  const permissions = useAppPermissions(app);
  const [revealed, setRevealed] = useState(false);
  const edits = useConfigEdits(app, view, props.reload);
  const { changes, count, stage, undo, save } = edits;

  const sizeProblem = view.revealed ? tooBig(view.values, changes) : undefined;
  const canEdit = permissions.canUpdate;
  const editReason = permissions.reason('change its config');

  return (
    <Box>
      <PermissionNotice
        allowed={canEdit}
        loading={permissions.loading}
        reason={editReason}
      />
      {edits.conflict && (
        <ConfigConflictNotice
          conflict={edits.conflict}
          count={count}
          onRebase={edits.rebase}
          onDiscard={edits.discard}
        />
      )}
      {!edits.conflict && edits.stale && (
        <Box mb={2}>
          <Alert
            severity="warning"
            action={
              <Button color="inherit" size="small" onClick={edits.rebase}>
                Keep my edits on the new config
              </Button>
            }
          >
            Someone changed the config since you started editing; it is shown
            below with your staged changes. Saving them as they are will be
            refused until you confirm them against the new config.
          </Alert>
        </Box>
      )}
      {!view.revealed && (
        <Box mb={2}>
          <Alert severity="info">
            Values are hidden. {permissions.reason('read its config values')}.
          </Alert>
        </Box>
      )}
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        mb={1}
      >
        <Typography variant="h6" component="h2">
          Config vars
        </Typography>
        <GuardedButton
          allowed={view.revealed}
          reason={permissions.reason('read its config values')}
          onClick={() => setRevealed(r => !r)}
        >
          {revealed ? 'Hide values' : 'Reveal values'}
        </GuardedButton>
      </Box>
      <Table
        size="small"
        aria-label="Config vars"
        style={{ tableLayout: 'fixed' }}
      >
        <TableHead>
          <TableRow>
            <TableCell style={{ width: '25%' }}>Key</TableCell>
            <TableCell>Value</TableCell>
            <TableCell style={{ width: 170 }}>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {configRows(view, changes).map(row => (
            <ConfigVarRow
              key={row.key}
              row={row}
              value={
                revealed && view.revealed ? view.values[row.key] : undefined
              }
              initial={view.revealed ? view.values[row.key] ?? '' : ''}
              canEdit={canEdit}
              editReason={editReason}
              onStage={value => stage(row.key, value)}
              onUndo={() => undo(row.key)}
            />
          ))}
          <NewVarRow
            canEdit={canEdit}
            editReason={editReason}
            onStage={stage}
          />
        </TableBody>
      </Table>
      {sizeProblem && (
        <Box mt={1}>
          <Alert severity="error">{sizeProblem}</Alert>
        </Box>
      )}
      <Box display="flex" alignItems="center" mt={2} style={{ gap: 8 }}>
        <GuardedButton
          variant="contained"
          color="primary"
          allowed={canEdit}
          reason={editReason}
          disabled={count === 0 || save.pending || Boolean(sizeProblem)}
          onClick={() => save.run(changes)}
        >
          {count === 0
            ? 'Save changes'
            : `Save ${count} change${count === 1 ? '' : 's'}`}
        </GuardedButton>
        <Button disabled={count === 0 || save.pending} onClick={edits.discard}>
          Discard changes
        </Button>
        {count > 0 && (
          <Typography variant="body2" color="textSecondary">
            Saving will {describeChanges(changes)} in one new release.
          </Typography>
        )}
      </Box>
      {!edits.conflict && (
        <ActionStatus state={save.state} label="Saving config" />
      )}
    </Box>
  );
}

function tooBig(
  values: Record<string, string>,
  changes: ConfigChanges,
): string | undefined {
  const merged: Record<string, string> = { ...values };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  const size = configSize(merged);
  return size > MAX_CONFIG_BYTES
    ? `Config would take ${formatBytes(size)}, ${formatBytes(
        size - MAX_CONFIG_BYTES,
      )} over the ${formatBytes(MAX_CONFIG_BYTES)} an app may have`
    : undefined;
}
