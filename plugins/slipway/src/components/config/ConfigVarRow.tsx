import Button from '@material-ui/core/Button';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { GuardedButton } from '../shared';
import type { ConfigRow } from './configChanges';
import { valuePreview } from './valuePreview';
import { ValueEditor } from './ValueEditor';

const MASK = '••••••••';

/** One config var: its (revealed or masked) value or staged change, Edit, Unset and Undo. */
export function ConfigVarRow(props: {
  row: ConfigRow;
  /** The saved value, when the user revealed values. */
  value?: string;
  /** The value editing starts from ('' when values are hidden). */
  initial: string;
  canEdit: boolean;
  editReason: string;
  onStage(value: string | null): void;
  onUndo(): void;
}) {
  const { row, canEdit, editReason } = props;
  const [editing, setEditing] = useState<string>();
  return (
    <TableRow>
      <TableCell>
        <code>{row.key}</code>
      </TableCell>
      <TableCell>
        {editing !== undefined ? (
          <ValueEditor
            label={`New value of ${row.key}`}
            value={editing}
            onChange={setEditing}
          />
        ) : (
          <ValueCell row={row} value={props.value} />
        )}
      </TableCell>
      <TableCell style={{ whiteSpace: 'nowrap' }}>
        {editing !== undefined ? (
          <>
            <Button
              size="small"
              onClick={() => {
                props.onStage(editing);
                setEditing(undefined);
              }}
            >
              Done
            </Button>
            <Button size="small" onClick={() => setEditing(undefined)}>
              Cancel
            </Button>
          </>
        ) : (
          <>
            <GuardedButton
              size="small"
              allowed={canEdit}
              reason={editReason}
              aria-label={`Edit ${row.key}`}
              onClick={() => setEditing(row.staged ?? props.initial)}
            >
              Edit
            </GuardedButton>
            {row.change ? (
              <Button
                size="small"
                aria-label={`Undo ${row.key}`}
                onClick={props.onUndo}
              >
                Undo
              </Button>
            ) : (
              <GuardedButton
                size="small"
                allowed={canEdit}
                reason={editReason}
                aria-label={`Unset ${row.key}`}
                onClick={() => props.onStage(null)}
              >
                Unset
              </GuardedButton>
            )}
          </>
        )}
      </TableCell>
    </TableRow>
  );
}

function ValueCell(props: { row: ConfigRow; value?: string }) {
  const { row, value } = props;
  if (row.change === 'unset') {
    return (
      <Typography variant="body2" color="error">
        will be unset
      </Typography>
    );
  }
  if (row.change) {
    return (
      <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
        <code>{valuePreview(row.staged ?? '')}</code> (
        {row.change === 'added' ? 'new' : 'changed'})
      </Typography>
    );
  }
  return (
    <code style={{ overflowWrap: 'anywhere' }}>
      {value === undefined ? MASK : valuePreview(value)}
    </code>
  );
}
