import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type { App, Process } from '@slipway/plugin-slipway-common';
import { HealthChip, When } from '../shared';
import { Section } from './Section';

/**
 * Whether the app serves, apart from how its releases went: its health since when, and in
 * words what a visitor gets when it is not up (maintenance mode above all).
 */
export function AppHealth(props: { details: App; processes: Process[] }) {
  const { details, processes } = props;
  const { health, healthSince } = details;
  if (!health) return null;
  const crashing = processes.filter(
    p => p.state === 'crashed' || (p.restarts > 0 && p.state !== 'up'),
  );
  return (
    <Section title="Health">
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <HealthChip health={health} />
        {healthSince && (
          <Typography component="span" variant="body2">
            since <When time={healthSince} />
          </Typography>
        )}
      </Box>
      {health === 'maintenance' && (
        <Alert severity="warning" aria-label="Maintenance mode">
          Maintenance mode is on: the router answers every request to{' '}
          {details.name} with the maintenance page, whatever its processes do.
          Turn it off under Settings.
        </Alert>
      )}
      {health === 'crashing' && (
        <Alert severity="error" aria-label="Crashing">
          {crashing.map(p => p.name).join(', ') || 'A process'} keep
          {crashing.length === 1 ? 's' : ''} exiting and being restarted;
          visitors may get errors (502). See the logs.
        </Alert>
      )}
      {health === 'no-processes' && (
        <Typography variant="body2">
          Scaled to zero: nothing runs, so requests get an error (503). Scale a
          process type up to serve.
        </Typography>
      )}
    </Section>
  );
}
