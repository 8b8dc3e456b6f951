import Alert from '@material-ui/lab/Alert';

/** What every open page of an app shows once the app is deleted, instead of stale data or a 404. */
export function AppDeletedNotice() {
  return (
    <Alert severity="warning" role="status">
      This app was deleted. Nothing more will change here; its other pages are
      gone too.
    </Alert>
  );
}
