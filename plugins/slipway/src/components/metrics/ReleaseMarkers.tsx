import type { AppMetrics } from '@slipway/plugin-slipway-common';
import Typography from '@material-ui/core/Typography';
import { Link } from 'react-router-dom';
import { absoluteTime } from '../shared/format';

/** The releases marked on the charts, as links a keyboard reaches (the lines themselves are not). */
export function ReleaseMarkers(props: { releases: AppMetrics['releases'] }) {
  if (props.releases.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No releases in this window.
      </Typography>
    );
  }
  return (
    <nav aria-label="Releases in this window">
      <Typography variant="body2" component="span">
        Releases marked:{' '}
      </Typography>
      {props.releases.map((r, i) => (
        <span key={r.version}>
          {i > 0 && ', '}
          <Link
            to="../releases"
            title={`${r.summary} (${r.status}) at ${absoluteTime(r.createdAt)}`}
          >
            v{r.version}
          </Link>
        </span>
      ))}
    </nav>
  );
}
