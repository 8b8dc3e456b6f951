import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import { useDomId } from './useDomId';

/** A MUI TextField with an id, so its label names its input (for screen readers and tests). */
export function Field(props: TextFieldProps) {
  const id = useDomId('slipway-field');
  return <TextField id={id} {...props} />;
}
