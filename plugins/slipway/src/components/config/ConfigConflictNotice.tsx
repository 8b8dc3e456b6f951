import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ConfigConflict } from './useConfigEdits';

/** Says that a save was refused because the config changed meanwhile, and how to go on. */
export function ConfigConflictNotice(props: {
  conflict: ConfigConflict;
  count: number;
  onRebase(): void;
  onDiscard(): void;
}) {
  const { count } = props;
  return (
    <Box mb={2}>
      <Alert severity="warning" role="alert">
        <AlertTitle>
          Not saved: the config changed while you were editing
        </AlertTitle>
        {props.conflict.message}. Nothing was overwritten. Your {count} staged
        change{count === 1 ? ' is' : 's are'} still marked below: check{' '}
        {count === 1 ? 'it' : 'them'} against the current values, then save
        again.
        <Box display="flex" flexWrap="wrap" mt={1} style={{ gap: 8 }}>
          <Button variant="outlined" size="small" onClick={props.onRebase}>
            Reload and keep my edits
          </Button>
          <Button size="small" onClick={props.onDiscard}>
            Discard my edits
          </Button>
        </Box>
      </Alert>
    </Box>
  );
}
