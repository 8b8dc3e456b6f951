import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  LoadState,
  PermissionNotice,
  StatusChip,
  useAppPermissions,
  appChannel,
  itemsOf,
  useLiveLoad,
  When,
  EntityRefText,
  WrapAtSeparators,
} from '../shared';
import { DeployImageForm } from './DeployImageForm';
import { BuildLogDialog } from './BuildLogDialog';
import { buildStatusLabel, isBuilding, shortImage } from './buildStatus';

/** Short ids, shas and times stay on one line at 1024 px; the image (long) may wrap at separators. */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** Builds with their status, one build's output on demand, and deploying a prebuilt image. */
export function BuildsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const builds = useLiveLoad(
    async () => itemsOf(await api.listBuilds(app)),
    [api, app],
    { channel: appChannel(app), settling: items => items.some(isBuilding) },
  );
  const [selected, setSelected] = useState<string>();
  const permissions = useAppPermissions(app);

  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={permissions.reason('deploy it')}
      />
      <DeployImageForm
        app={app}
        permissions={permissions}
        onDeployed={builds.reload}
      />
      <LoadState {...builds}>
        {items =>
          items.length === 0 ? (
            <Typography variant="body2">
              No builds yet. Push to the app's git remote to build it.
            </Typography>
          ) : (
            <Table size="small" aria-label="Builds">
              <TableHead>
                <TableRow>
                  <TableCell>Build</TableCell>
                  <TableCell>Commit</TableCell>
                  <TableCell>Image</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>By</TableCell>
                  <TableCell>When</TableCell>
                  <TableCell>Log</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(build => (
                  <TableRow key={build.id} selected={build.id === selected}>
                    <TableCell style={NO_WRAP}>
                      <code>{build.id.slice(0, 8)}</code>
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      <code>{build.sha?.slice(0, 7) ?? ''}</code>
                    </TableCell>
                    <TableCell title={build.image}>
                      <code>
                        <WrapAtSeparators text={shortImage(build.image)} />
                      </code>
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      <StatusChip status={buildStatusLabel(build)} />
                    </TableCell>
                    <TableCell>
                      <EntityRefText entityRef={build.createdBy} />
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      <When time={build.createdAt} />
                    </TableCell>
                    <TableCell style={NO_WRAP}>
                      <Button
                        size="small"
                        aria-label={`Show log of build ${build.id.slice(0, 8)}`}
                        onClick={() => setSelected(build.id)}
                      >
                        Show log
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadState>
      {selected && (
        <BuildLogDialog
          app={app}
          id={selected}
          onClose={() => setSelected(undefined)}
        />
      )}
    </Box>
  );
}
