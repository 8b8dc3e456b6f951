import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { errorMessage } from '../shared';
import { useOwnerOptions, type OwnerOption } from './useOwnerOptions';

/**
 * Picks a new owner among the catalog's Users and Groups (type to search), like the OwnerPicker
 * of Backstage's software templates. Free text is not accepted: only entities the catalog knows.
 */
export function OwnerPicker(props: {
  value: OwnerOption | null;
  onChange(owner: OwnerOption | null): void;
  exclude?: string;
  disabled?: boolean;
}) {
  const options = useOwnerOptions();
  const choices = (options.value ?? []).filter(o => o.ref !== props.exclude);
  return (
    <Autocomplete
      style={{ minWidth: 280, flex: 1, maxWidth: 420 }}
      options={choices}
      loading={options.loading}
      value={props.value}
      onChange={(_, owner) => props.onChange(owner)}
      groupBy={o => (o.kind === 'Group' ? 'Groups' : 'Users')}
      getOptionLabel={o => `${o.label} (${o.ref})`}
      getOptionSelected={(o, v) => o.ref === v.ref}
      disabled={props.disabled}
      noOptionsText="No User or Group of the catalog matches"
      renderInput={params => (
        <TextField
          {...params}
          label="New owner"
          variant="outlined"
          size="small"
          error={Boolean(options.error)}
          helperText={
            options.error
              ? `Could not list the catalog's Users and Groups: ${errorMessage(
                  options.error,
                )}`
              : 'A User or Group of the catalog'
          }
        />
      )}
    />
  );
}
