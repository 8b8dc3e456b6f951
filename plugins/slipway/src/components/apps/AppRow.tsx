import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppSummary } from '@slipway/plugin-slipway-common';
import {
  EntityRefText,
  HealthChip,
  StatusChip,
  When,
  WrapAtSeparators,
} from '../shared';
import { newestRelease } from './appFilters';
import { RequestSparkline } from './RequestSparkline';
import { useSparklineColumn } from './sparklineColumn';

/** One app: its Slipway tab and URL, owner, newest release (with why it failed), health and requests of the last day. */
export function AppRow(props: { app: AppSummary; requests?: number[] }) {
  const { app } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const newest = newestRelease(app);
  const sparkline = useSparklineColumn();
  return (
    <TableRow>
      <TableCell>
        <Link
          to={`${entityRoute({
            kind: 'component',
            namespace: 'default',
            name: app.name,
          })}/slipway`}
        >
          <WrapAtSeparators text={app.name} />
        </Link>
        {/* Its URL under its name: one column fewer, so the table fits 1024 px. */}
        <Typography variant="caption" component="div">
          <Link to={app.url} aria-label={`${app.name} URL`}>
            <WrapAtSeparators
              text={app.url.replace(/^https?:\/\//, '')}
              atHyphens
            />
          </Link>
        </Typography>
      </TableCell>
      <TableCell>
        <EntityRefText entityRef={app.owner} defaultKind="group" />
      </TableCell>
      <TableCell>{newest ? <When time={newest.createdAt} /> : ''}</TableCell>
      <TableCell>
        {newest && (
          <span style={{ whiteSpace: 'nowrap' }}>
            v{newest.version} <StatusChip status={newest.status} />
          </span>
        )}
        {newest?.status === 'failed' && newest.reason && (
          <Typography variant="caption" color="error" component="div">
            {newest.reason}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <HealthChip health={app.health} />
      </TableCell>
      <TableCell className={sparkline.cell}>
        <RequestSparkline app={app.name} requests={props.requests} />
      </TableCell>
    </TableRow>
  );
}
