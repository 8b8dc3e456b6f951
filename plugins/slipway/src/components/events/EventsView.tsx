import { useApi } from '@backstage/core-plugin-api';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import { slipwayApiRef } from '../../api';
import {
  LoadState,
  useCursorPages,
  useLoad,
  When,
  WrapAtSeparators,
} from '../shared';

const PAGE_SIZE = 50;

/** The audit trail: every change to the app, who made it and when. */
export function EventsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const { page, cursor, goTo } = useCursorPages();
  const events = useLoad(
    () => api.listEvents(app, { cursor, limit: PAGE_SIZE }),
    [api, app, cursor],
  );
  return (
    <LoadState {...events}>
      {value => (
        <>
          <Table size="small" aria-label="Events">
            <TableHead>
              <TableRow>
                <TableCell>When</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>What</TableCell>
                <TableCell>Details</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.items.map(event => (
                <TableRow key={event.id}>
                  {/* At 1024 px: times and types on one line, refs wrap only at separators. */}
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <When time={event.createdAt} />
                  </TableCell>
                  <TableCell>
                    <WrapAtSeparators text={event.actor} />
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <code>{event.type}</code>
                  </TableCell>
                  <TableCell>{event.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {value.totalItems > PAGE_SIZE && (
            <TablePagination
              component="div"
              count={value.totalItems}
              page={page}
              rowsPerPage={PAGE_SIZE}
              rowsPerPageOptions={[PAGE_SIZE]}
              onPageChange={(_, p) => goTo(p, value.pageInfo.nextCursor)}
            />
          )}
        </>
      )}
    </LoadState>
  );
}
