import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { Release } from '@slipway/plugin-slipway-common';
import { EntityRefText, StatusChip, When } from '../shared';

/** One release on a line: version, status, summary, who and when. */
export function ReleaseLine(props: { release: Release }) {
  const { release } = props;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography component="span" variant="body1">
        <strong>v{release.version}</strong>
      </Typography>
      <StatusChip status={release.status} />
      <Typography component="span" variant="body2">
        {release.summary} · <EntityRefText entityRef={release.createdBy} /> ·{' '}
        <When time={release.createdAt} />
      </Typography>
    </Box>
  );
}
