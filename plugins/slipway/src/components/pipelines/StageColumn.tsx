import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type {
  PipelineApp,
  PipelineStage,
} from '@slipway/plugin-slipway-common';
import { ReactNode } from 'react';
import { StatusChip } from '../shared';

/** One stage of a pipeline: its apps with what each runs now. */
export function StageColumn(props: {
  stage: PipelineStage;
  apps: PipelineApp[];
  action?: ReactNode;
}) {
  return (
    <Paper
      component="section"
      aria-label={`Stage ${props.stage}`}
      variant="outlined"
      style={{ padding: 16, minWidth: 0, overflowWrap: 'anywhere' }}
    >
      <Typography variant="h6" style={{ textTransform: 'capitalize' }}>
        {props.stage}
      </Typography>
      {props.apps.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No app in this stage
        </Typography>
      )}
      {props.apps.map(app => (
        <Box key={app.name} mt={1} aria-label={`App ${app.name}`} role="group">
          <Link to={`/catalog/default/component/${app.name}`}>{app.name}</Link>
          <Typography variant="body2">
            {app.release ? `v${app.release.version}` : 'no release'}
            {app.release?.build
              ? ` · ${
                  app.release.build.sha?.slice(0, 7) ?? app.release.build.image
                }`
              : ' · no build yet'}
          </Typography>
          {app.status && <StatusChip status={app.status} />}
        </Box>
      ))}
      {props.action && <Box mt={2}>{props.action}</Box>}
    </Paper>
  );
}
