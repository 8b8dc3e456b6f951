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
  MAX_CONFIG_BYTES,
  type ConfigView as ConfigViewType,
} from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  LoadState,
  PermissionNotice,
  useAction,
  useAppPermissions,
  useLoad,
} from '../shared';
import { ConfigChanges, configRows, describeChanges } from './configChanges';
import { ConfigVarRow } from './ConfigVarRow';
import { NewVarRow } from './NewVarRow';

/** Config vars: see (when revealed), add, change and unset several keys in one release. */
export function ConfigView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const state = useLoad(() => api.getConfig(app), [api, app]);
  return (
    <LoadState {...state}>
      {view => <ConfigEditor app={app} view={view} onSaved={state.reload} />}
    </LoadState>
  );
}

function ConfigEditor(props: {
  app: string;
  view: ConfigViewType;
  onSaved(): void;
}) {
  const { app, view } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const [changes, setChanges] = useState<ConfigChanges>({});
  const [revealed, setRevealed] = useState(false);
  const save = useAction(
    (patch: ConfigChanges) => api.patchConfig(app, { values: patch }),
    release => `Saved: created release v${release.version}`,
    () => {
      setChanges({});
      props.onSaved();
    },
  );

  const stage = (key: string, value: string | null) => {
    save.reset();
    setChanges(c => ({ ...c, [key]: value }));
  };
  const undo = (key: string) =>
    setChanges(c => {
      const { [key]: _, ...rest } = c;
      return rest;
    });

  const count = Object.keys(changes).length;
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
        <Button
          disabled={count === 0 || save.pending}
          onClick={() => setChanges({})}
        >
          Discard changes
        </Button>
        {count > 0 && (
          <Typography variant="body2" color="textSecondary">
            Saving will {describeChanges(changes)} in one new release.
          </Typography>
        )}
      </Box>
      <ActionStatus state={save.state} label="Saving config" />
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
    ? `Config would be ${size} bytes; an app's config may be at most ${MAX_CONFIG_BYTES} bytes`
    : undefined;
}
