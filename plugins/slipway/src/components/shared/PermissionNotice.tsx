import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';

/** Tells the user, once per view, why its actions are disabled. */
export function PermissionNotice(props: {
  allowed: boolean;
  loading?: boolean;
  reason: string;
}) {
  if (props.allowed || props.loading) {
    return null;
  }
  return (
    <Box mb={2}>
      <Alert severity="info">{props.reason}</Alert>
    </Box>
  );
}
