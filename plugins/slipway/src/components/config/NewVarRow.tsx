import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { configKeyProblem } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { Field, GuardedButton } from '../shared';
import { ValueEditor } from './ValueEditor';

/** The last row of the table: a new key and its value, checked as the backend checks keys. */
export function NewVarRow(props: {
  canEdit: boolean;
  editReason: string;
  onStage(key: string, value: string): void;
}) {
  const { canEdit, editReason } = props;
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const problem = key ? configKeyProblem(key) : undefined;
  return (
    <TableRow>
      <TableCell style={{ verticalAlign: 'top' }}>
        <Field
          label="New key"
          value={key}
          onChange={e => setKey(e.target.value)}
          error={Boolean(problem)}
          helperText={problem}
          size="small"
          disabled={!canEdit}
        />
      </TableCell>
      <TableCell>
        <ValueEditor
          label="New value"
          value={value}
          onChange={setValue}
          disabled={!canEdit}
        />
      </TableCell>
      <TableCell style={{ verticalAlign: 'top' }}>
        <GuardedButton
          size="small"
          allowed={canEdit}
          reason={editReason}
          disabled={!key || Boolean(problem)}
          onClick={() => {
            props.onStage(key, value);
            setKey('');
            setValue('');
          }}
        >
          Add
        </GuardedButton>
      </TableCell>
    </TableRow>
  );
}
