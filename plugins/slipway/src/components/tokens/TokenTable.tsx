import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import type { DeployToken } from '@slipway/plugin-slipway-common';
import { EntityRefText, When, type AppPermissions } from '../shared';
import { RevokeTokenButton } from './RevokeTokenButton';

const COLUMNS = [
  'Description',
  'Created by',
  'Created',
  'Last used',
  'Expires',
  '',
];

/** The app's deploy tokens: who made them, when, last use, expiry, and Revoke. */
export function TokenTable(props: {
  tokens: DeployToken[];
  permissions: AppPermissions;
  onRevoked(): void;
}) {
  return (
    <Table size="small" aria-label="Deploy tokens">
      <TableHead>
        <TableRow>
          {COLUMNS.map(column => (
            <TableCell key={column} style={{ whiteSpace: 'nowrap' }}>
              {column}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.tokens.map(token => (
          <TableRow key={token.id}>
            <TableCell>
              {token.description || <em>no description</em>}
            </TableCell>
            <TableCell>
              <EntityRefText entityRef={token.createdBy} />
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              <When time={token.createdAt} />
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {token.lastUsedAt ? <When time={token.lastUsedAt} /> : 'never'}
            </TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {token.expiresAt ? <When time={token.expiresAt} /> : 'never'}
            </TableCell>
            <TableCell>
              <RevokeTokenButton
                token={token}
                permissions={props.permissions}
                onRevoked={props.onRevoked}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
