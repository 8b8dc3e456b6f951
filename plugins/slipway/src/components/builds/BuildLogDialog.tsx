import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { slipwayApiRef } from '../../api';
import { LoadState, appChannel, useDomId, useLiveLoad } from '../shared';
import { isBuilding } from './buildStatus';

/**
 * One build's output in a dialog (always in view, whatever the scroll position of the list);
 * while the build runs, the log so far, growing.
 */
export function BuildLogDialog(props: {
  app: string;
  id: string;
  onClose(): void;
}) {
  const api = useApi(slipwayApiRef);
  const titleId = useDomId('slipway-build-log');
  const build = useLiveLoad(
    () => api.getBuild(props.app, props.id),
    [api, props.app, props.id],
    { channel: appChannel(props.app), settling: isBuilding },
  );
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="lg"
    >
      <DialogTitle id={titleId}>Build {props.id.slice(0, 8)}</DialogTitle>
      <DialogContent>
        <LoadState {...build}>
          {value => (
            <pre
              role="log"
              aria-label="Build log"
              style={{
                background: '#111',
                color: '#eee',
                padding: 8,
                margin: 0,
                maxHeight: '60vh',
                overflow: 'auto',
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-word',
              }}
            >
              {value.log || 'This build has no output.'}
            </pre>
          )}
        </LoadState>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
