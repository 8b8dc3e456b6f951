import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { Build } from '@slipway/plugin-slipway-common';
import { When } from '../shared';

/** How much of a failed build's log the overview shows (the Builds tab has all of it). */
export const FAILED_BUILD_LOG_LINES = 12;

/** The newest build failed: say so, with the end of its log. */
export function FailedBuild(props: { build: Build }) {
  const { build } = props;
  const tail = (build.log ?? '')
    .trimEnd()
    .split('\n')
    .slice(-FAILED_BUILD_LOG_LINES)
    .join('\n');
  return (
    <Alert severity="error" aria-label="Failed build">
      <AlertTitle>
        The newest build failed{build.sha ? ` (${build.sha.slice(0, 7)})` : ''}{' '}
        · <When time={build.createdAt} />
      </AlertTitle>
      {tail && (
        <pre
          aria-label="End of the build log"
          style={{
            margin: 0,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            maxHeight: 240,
            overflow: 'auto',
          }}
        >
          {tail}
        </pre>
      )}
    </Alert>
  );
}
