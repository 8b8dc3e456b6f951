import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { APP_HEALTHS } from '@slipway/plugin-slipway-common';
import { Field, healthLabel } from '../shared';
import type { AppFilters } from './appFilters';

/** Mine/all, the newest release's status, health and a name search. */
export function AppFiltersBar(props: {
  filters: AppFilters;
  onChange: (change: Partial<AppFilters>) => void;
}) {
  const { filters, onChange } = props;
  return (
    <Box
      display="flex"
      alignItems="center"
      flexWrap="wrap"
      style={{ gap: 16 }}
      mb={2}
    >
      <ToggleButtonGroup
        exclusive
        size="small"
        value={filters.mine ? 'mine' : 'all'}
        onChange={(_, v) => v && onChange({ mine: v === 'mine' })}
        aria-label="Whose apps"
      >
        <ToggleButton value="mine">Mine</ToggleButton>
        <ToggleButton value="all">All</ToggleButton>
      </ToggleButtonGroup>
      <Field
        select
        label="Release status"
        value={filters.status}
        onChange={e =>
          onChange({ status: e.target.value as AppFilters['status'] })
        }
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
      >
        <MenuItem value="">Any status</MenuItem>
        <MenuItem value="succeeded">succeeded</MenuItem>
        <MenuItem value="pending">pending</MenuItem>
        <MenuItem value="failed">failed</MenuItem>
      </Field>
      <Field
        select
        label="Health"
        value={filters.health}
        onChange={e =>
          onChange({ health: e.target.value as AppFilters['health'] })
        }
        variant="outlined"
        size="small"
        style={{ minWidth: 160 }}
      >
        <MenuItem value="">Any health</MenuItem>
        {APP_HEALTHS.map(health => (
          <MenuItem key={health} value={health}>
            {healthLabel(health)}
          </MenuItem>
        ))}
      </Field>
      <Field
        label="Search apps"
        value={filters.text}
        onChange={e => onChange({ text: e.target.value })}
        variant="outlined"
        size="small"
      />
    </Box>
  );
}
