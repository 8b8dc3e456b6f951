import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { AppHealth } from '@slipway/plugin-slipway-common';

/** What each health means to someone opening the app's URL. */
const MEANING: Record<AppHealth, { label: string; help: string }> = {
  up: { label: 'up', help: 'Its processes run and serve.' },
  crashing: {
    label: 'crashing',
    help: 'A process keeps exiting and is restarted; see the logs.',
  },
  starting: {
    label: 'starting',
    help: 'Processes are wanted but none is up yet.',
  },
  'no-processes': {
    label: 'no processes',
    help: 'Scaled to zero: nothing runs and the router has no one to send requests to.',
  },
  maintenance: {
    label: 'maintenance',
    help: 'Maintenance mode: the router answers every request with the maintenance page.',
  },
  'not-deployed': {
    label: 'not deployed',
    help: 'No build has been released yet.',
  },
};

/** An app's health (not its release's status) as a chip explaining itself on hover. */
export function HealthChip(props: { health?: AppHealth }) {
  const { health } = props;
  if (!health) return null;
  const { label, help } = MEANING[health];
  const good = health === 'up';
  const bad = health === 'crashing';
  let color: 'primary' | 'secondary' | 'default' = 'default';
  if (good) color = 'primary';
  if (bad) color = 'secondary';
  return (
    <Tooltip title={help}>
      <Chip
        size="small"
        label={label}
        aria-label={`health: ${label}`}
        color={color}
        variant={good || bad ? 'default' : 'outlined'}
      />
    </Tooltip>
  );
}

/** The words of a health, e.g. "no processes". */
export function healthLabel(health: AppHealth): string {
  return MEANING[health].label;
}
