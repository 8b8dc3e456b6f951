import TextField from '@material-ui/core/TextField';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useNameAvailability } from '../apps/useNameAvailability';

/**
 * The app name of a Slipway template (`ui:field: SlipwayAppName`): says while it is typed whether
 * the name is free, so a taken name is reported before Create, not after the run starts.
 */
export function AppNameField(props: FieldExtensionComponentProps<string>) {
  const {
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    uiSchema,
    idSchema,
  } = props;
  const name = formData ?? '';
  const availability = useNameAvailability(name);
  const shown =
    availability.state === 'taken' || availability.state === 'invalid';
  let help: string | undefined;
  if (availability.state === 'empty')
    help = (uiSchema?.['ui:help'] as string | undefined) ?? schema.description;
  else if (availability.state === 'checking') help = 'Checking the name…';
  else help = availability.message;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      value={name}
      required={required}
      // The template asks for it (ui:autofocus), as the scaffolder's own text field honours it.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={Boolean(uiSchema?.['ui:autofocus'])}
      onChange={e => onChange(e.target.value.trim().toLowerCase())}
      error={shown || Boolean(rawErrors?.length)}
      helperText={help}
      margin="normal"
      fullWidth
      inputProps={{ maxLength: schema.maxLength ?? 30 }}
    />
  );
}
