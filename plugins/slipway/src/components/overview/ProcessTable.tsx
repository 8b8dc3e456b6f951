import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { Process, ProcessStructure } from '@slipway/plugin-slipway-common';
import { crashLooping, summarizeProcesses } from './processSummary';

/** Desired replicas and state per process type, with crash-looping processes called out. */
export function ProcessTable(props: {
  structure: ProcessStructure;
  processes: Process[];
  deployed: boolean;
}) {
  const { structure, processes, deployed } = props;
  const looping = crashLooping(processes);
  return (
    <>
      {looping.map(p => (
        <Alert
          key={p.name}
          severity="error"
          aria-label={`${p.name} is crash-looping`}
        >
          {p.name} keeps crashing ({p.restarts} restart
          {p.restarts === 1 ? '' : 's'}){p.message ? `: ${p.message}` : ''}. See
          the Logs tab.
        </Alert>
      ))}
      <Table size="small" aria-label="Process types">
        <TableHead>
          <TableRow>
            <TableCell style={{ whiteSpace: 'nowrap' }}>Process type</TableCell>
            <TableCell>Replicas</TableCell>
            <TableCell>State</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {summarizeProcesses(structure, processes).map(row => (
            <TableRow key={row.type}>
              <TableCell>{row.type}</TableCell>
              <TableCell>{row.replicas}</TableCell>
              <TableCell>{row.state}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {!deployed && (
        <Typography variant="body2">Nothing deployed yet.</Typography>
      )}
    </>
  );
}
