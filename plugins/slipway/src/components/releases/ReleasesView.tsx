import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Release } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  GuardedButton,
  LoadState,
  PermissionNotice,
  StatusChip,
  useAction,
  useAppPermissions,
  appChannel,
  useCursorPages,
  useLiveLoad,
  When,
  EntityRefText,
} from '../shared';
import { Link } from '@backstage/core-components';
import { releaseLogsLink } from '../logs/useLogSearchState';
import { CompareReleases } from './CompareReleases';
import { RollbackDialog } from './RollbackDialog';

const PAGE_SIZE = 20;

/** The ledger: every release, who made it and what it changed, with rollback and diffs. */
export function ReleasesView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const permissions = useAppPermissions(app);
  const { page, cursor, goTo } = useCursorPages();
  const [target, setTarget] = useState<Release>();
  const state = useLiveLoad(
    async () => {
      const [details, releases] = await Promise.all([
        api.getApp(app),
        api.listReleases(app, { cursor, limit: PAGE_SIZE }),
      ]);
      return { current: details.release?.version, releases };
    },
    [api, app, cursor],
    {
      channel: appChannel(app),
      settling: ({ releases }) =>
        releases.items.some(r => r.status === 'pending'),
    },
  );
  const rollback = useAction(
    (version: number) => api.rollback(app, version),
    (release, version) =>
      `Rolled back to v${version}: created release v${release.version}`,
    () => state.reload(),
  );

  return (
    <Box>
      <PermissionNotice
        allowed={permissions.canUpdate}
        loading={permissions.loading}
        reason={permissions.reason('roll back its releases')}
      />
      <ActionStatus state={rollback.state} label="Rolling back" />
      <LoadState {...state}>
        {({ current, releases }) => (
          <>
            <Table size="small" aria-label="Releases">
              <TableHead>
                <TableRow>
                  <TableCell>Release</TableCell>
                  <TableCell>What changed</TableCell>
                  <TableCell>By</TableCell>
                  <TableCell>When</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell>Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {releases.items.map(release => {
                  const refusal = rollbackRefusal(release, current);
                  return (
                    <TableRow key={release.version}>
                      <TableCell style={{ whiteSpace: 'nowrap' }}>
                        v{release.version}
                        {release.version === current ? ' (current)' : ''}
                      </TableCell>
                      <TableCell>
                        {release.summary}
                        {release.reason && (
                          <Typography variant="body2" color="error">
                            {release.reason}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell>
                        <EntityRefText entityRef={release.createdBy} />
                      </TableCell>
                      <TableCell>
                        <When time={release.createdAt} />
                        <br />
                        <Link
                          to={releaseLogsLink(
                            release.version,
                            release.createdAt,
                          )}
                          aria-label={`Logs of release v${release.version}`}
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          Logs of this release
                        </Link>
                      </TableCell>
                      <TableCell>
                        <StatusChip status={release.status} />
                      </TableCell>
                      <TableCell>
                        {current !== undefined && !refusal && (
                          <GuardedButton
                            size="small"
                            variant="outlined"
                            allowed={permissions.canUpdate}
                            reason={permissions.reason(
                              'roll back its releases',
                            )}
                            disabled={rollback.pending}
                            onClick={() => setTarget(release)}
                            // One line at 1024 px: "Roll back to v12" never wraps.
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            Roll back to v{release.version}
                          </GuardedButton>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            {releases.totalItems > PAGE_SIZE && (
              <TablePagination
                component="div"
                count={releases.totalItems}
                page={page}
                rowsPerPage={PAGE_SIZE}
                rowsPerPageOptions={[PAGE_SIZE]}
                onPageChange={(_, p) => goTo(p, releases.pageInfo.nextCursor)}
              />
            )}
            <CompareReleases key={page} app={app} releases={releases.items} />
            {target && current !== undefined && (
              <RollbackDialog
                app={app}
                current={current}
                target={target}
                onCancel={() => setTarget(undefined)}
                onConfirm={() => {
                  setTarget(undefined);
                  rollback.run(target.version);
                }}
              />
            )}
          </>
        )}
      </LoadState>
    </Box>
  );
}

/** Why a release cannot be a rollback target (the API refuses these too), or undefined. */
function rollbackRefusal(
  release: Release,
  current: number | undefined,
): string | undefined {
  if (release.version === 1) return 'v1 has nothing to run';
  if (release.status === 'failed')
    return 'failed releases cannot be rolled back to';
  if (release.version === current) return 'this is the current release';
  return undefined;
}
