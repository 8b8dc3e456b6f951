import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { LogDrain } from '@slipway/plugin-slipway-common';
import { Table } from '../../shared/Table';
import { RemoveDrainButton } from './RemoveDrainButton';
import { drainKind } from './drainKind';

const COLUMNS = ['URL', 'Kind', 'Sent', 'Dropped', 'Last error', ''];

/** The drains with what each sent and dropped since the backend started, and Remove. */
export function DrainTable(props: {
  app: string;
  drains: LogDrain[];
  onRemoved(): void;
}) {
  return (
    <Table size="small" aria-label="Log drains">
      <TableHead>
        <TableRow>
          {COLUMNS.map(column => (
            <TableCell key={column}>{column}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.drains.map(drain => (
          <TableRow key={drain.id}>
            <TableCell style={{ overflowWrap: 'anywhere' }}>
              <code>{drain.url}</code>
            </TableCell>
            <TableCell>{drainKind(drain.url)}</TableCell>
            <TableCell>{drain.sent}</TableCell>
            <TableCell>{drain.dropped}</TableCell>
            <TableCell style={{ overflowWrap: 'anywhere' }}>
              {drain.lastError ?? '—'}
            </TableCell>
            <TableCell>
              <RemoveDrainButton
                app={props.app}
                drain={drain}
                onRemoved={props.onRemoved}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
