import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import type { DeployToken } from '@slipway/plugin-slipway-common';
import { Field, useDomId } from '../shared';

/** Shows a new token's secret once. */
export function NewTokenDialog(props: {
  token?: DeployToken;
  onClose(): void;
}) {
  const { token, onClose } = props;
  const titleId = useDomId('slipway-token');
  return (
    <Dialog open={Boolean(token)} onClose={onClose} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Your deploy token</DialogTitle>
      <DialogContent>
        <Typography paragraph>
          Copy it now: it is shown only once. Use it as the password when git
          asks, e.g. <code>git push slipway main</code>.
        </Typography>
        <Box display="flex" alignItems="center">
          <Field
            label="Deploy token"
            value={token?.token ?? ''}
            fullWidth
            InputProps={{ readOnly: true }}
            variant="outlined"
          />
          <CopyTextButton
            text={token?.token ?? ''}
            aria-label="Copy deploy token"
          />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Dialog>
  );
}
