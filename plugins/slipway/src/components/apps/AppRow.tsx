import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { AppSummary } from '@slipway/plugin-slipway-common';
import { StatusChip, When, WrapAtSeparators } from '../shared';
import { newestRelease } from './appFilters';

/** One app: its Slipway tab, owner, newest release (with why it failed) and URL. */
export function AppRow(props: { app: AppSummary }) {
  const { app } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const entityLink = (ref: string, defaultKind: string) => {
    const { kind, namespace, name } = parseEntityRef(ref, { defaultKind });
    return entityRoute({
      kind: kind.toLowerCase(),
      namespace: namespace.toLowerCase(),
      name,
    });
  };
  const newest = newestRelease(app);
  return (
    <TableRow>
      <TableCell>
        <Link
          to={`${entityLink(
            `component:default/${app.name}`,
            'component',
          )}/slipway`}
        >
          <WrapAtSeparators text={app.name} />
        </Link>
      </TableCell>
      <TableCell>
        <Link to={entityLink(app.owner, 'group')}>
          <WrapAtSeparators
            text={humanizeEntityRef(
              parseEntityRef(app.owner, { defaultKind: 'group' }),
              { defaultKind: 'group' },
            )}
          />
        </Link>
      </TableCell>
      <TableCell>{newest ? `v${newest.version}` : ''}</TableCell>
      <TableCell>{newest ? <When time={newest.createdAt} /> : ''}</TableCell>
      <TableCell>
        {newest && <StatusChip status={newest.status} />}
        {newest?.status === 'failed' && newest.reason && (
          <Typography variant="caption" color="error" component="div">
            {newest.reason}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Link to={app.url}>
          <WrapAtSeparators text={app.url} />
        </Link>
      </TableCell>
    </TableRow>
  );
}
