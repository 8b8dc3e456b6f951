import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Build } from '@slipway/plugin-slipway-common';
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
} from '../shared';
import { DeployImageForm } from './DeployImageForm';

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
                    <TableCell>{build.id.slice(0, 8)}</TableCell>
                    <TableCell>
                      <code>{build.sha?.slice(0, 7) ?? ''}</code>
                    </TableCell>
                    <TableCell>
                      <code>{build.image}</code>
                    </TableCell>
                    <TableCell>
                      <StatusChip status={build.status} />
                    </TableCell>
                    <TableCell>{build.createdBy}</TableCell>
                    <TableCell>
                      <When time={build.createdAt} />
                    </TableCell>
                    <TableCell>
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
      {selected && <BuildLog app={app} id={selected} />}
    </Box>
  );
}

/** Whether a build is still running (`pending`: its log grows). */
function isBuilding(build: Build): boolean {
  return build.status === 'pending';
}

/** One build's output; while it runs, the log so far, growing. */
function BuildLog(props: { app: string; id: string }) {
  const api = useApi(slipwayApiRef);
  const build = useLiveLoad(
    () => api.getBuild(props.app, props.id),
    [api, props.app, props.id],
    { channel: appChannel(props.app), settling: isBuilding },
  );
  return (
    <Box mt={2}>
      <Typography variant="h6" component="h2">
        Build {props.id.slice(0, 8)}
      </Typography>
      <LoadState {...build}>
        {value => (
          <pre
            role="log"
            aria-label="Build log"
            style={{
              background: '#111',
              color: '#eee',
              padding: 8,
              maxHeight: 480,
              overflow: 'auto',
            }}
          >
            {value.log || 'This build has no output.'}
          </pre>
        )}
      </LoadState>
    </Box>
  );
}
