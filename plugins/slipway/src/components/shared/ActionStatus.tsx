import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { ActionState } from './useAction';

/** Shows an action's progress, then its result or the API's error message. */
export function ActionStatus(props: { state: ActionState; label?: string }) {
  const { state, label = 'Working' } = props;
  if (state.pending) {
    return (
      <Box display="flex" alignItems="center" my={1} role="status">
        <CircularProgress size={20} aria-label={label} />
        <Box ml={1}>
          <Typography variant="body2">{label}…</Typography>
        </Box>
      </Box>
    );
  }
  if (state.error) {
    return (
      <Box my={1}>
        <Alert severity="error">{state.error}</Alert>
      </Box>
    );
  }
  if (state.result) {
    return (
      <Box my={1}>
        <Alert severity="success" role="status">
          {state.result}
        </Alert>
      </Box>
    );
  }
  return null;
}
