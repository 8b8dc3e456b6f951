import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ReleaseDiff } from '@slipway/plugin-slipway-common';

const SECTION_NAMES: Record<string, string> = {
  values: 'Config',
  limits: 'Limits',
  tags: 'Tags',
  healthchecks: 'Healthchecks',
  build: 'Build',
};

/** What differs between two releases, value by value (secrets arrive masked from the API). */
export function DiffTable(props: { diff: ReleaseDiff }) {
  const { diff } = props;
  if (diff.changes.length === 0) {
    return (
      <Typography variant="body2">
        v{diff.from} and v{diff.to} have the same build and config.
      </Typography>
    );
  }
  return (
    <Table
      size="small"
      aria-label={`Changes from v${diff.from} to v${diff.to}`}
    >
      <TableHead>
        <TableRow>
          <TableCell>What</TableCell>
          <TableCell>Key</TableCell>
          <TableCell>Change</TableCell>
          <TableCell>v{diff.from}</TableCell>
          <TableCell>v{diff.to}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {diff.changes.map(change => (
          <TableRow key={`${change.section}:${change.key}`}>
            <TableCell>
              {SECTION_NAMES[change.section] ?? change.section}
            </TableCell>
            <TableCell>
              <code>{change.key}</code>
            </TableCell>
            <TableCell>{change.change}</TableCell>
            <TableCell>
              <code>{change.from ?? ''}</code>
            </TableCell>
            <TableCell>
              <code>{change.to ?? ''}</code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
