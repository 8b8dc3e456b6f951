import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import type { AppSort } from '@slipway/plugin-slipway-common';
import type { AppOrder } from './appFilters';
import { useSparklineColumn } from './sparklineColumn';

const COLUMNS: {
  label: string;
  sort?: AppSort;
  first?: 'asc' | 'desc';
  sparkline?: boolean;
}[] = [
  { label: 'App', sort: 'name' },
  { label: 'Owner', sort: 'owner' },
  // Newest first is what one looks for after a deploy.
  { label: 'Last deploy', sort: 'deployedAt', first: 'desc' },
  { label: 'Release status', sort: 'status' },
  { label: 'Health', sort: 'health' },
  { label: 'Requests, 24 h', sparkline: true },
];

/** The Apps table's headers; a sortable one sorts on the server, a second click reverses it. */
export function AppsTableHead(props: {
  order: AppOrder;
  onOrder: (order: AppOrder) => void;
}) {
  const { order, onOrder } = props;
  const sparkline = useSparklineColumn();
  return (
    <TableHead>
      <TableRow>
        {COLUMNS.map(column => {
          const active = column.sort === order.sort;
          return (
            <TableCell
              key={column.label}
              className={column.sparkline ? sparkline.cell : undefined}
              sortDirection={active ? order.order : false}
            >
              {column.sort ? (
                <TableSortLabel
                  active={active}
                  direction={active ? order.order : column.first ?? 'asc'}
                  onClick={() =>
                    onOrder({
                      sort: column.sort!,
                      order: active ? flip(order.order) : column.first ?? 'asc',
                    })
                  }
                >
                  {column.label}
                </TableSortLabel>
              ) : (
                column.label
              )}
            </TableCell>
          );
        })}
      </TableRow>
    </TableHead>
  );
}

function flip(order: 'asc' | 'desc'): 'asc' | 'desc' {
  return order === 'asc' ? 'desc' : 'asc';
}
