import Box from '@material-ui/core/Box';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { LoadState } from '../shared';
import { MetricsEmpty } from './MetricsEmpty';
import { totalRequests } from './metricsData';
import { ProcessCharts } from './ProcessCharts';
import { RANGES, type RangeId } from './ranges';
import { ReleaseMarkers } from './ReleaseMarkers';
import { RequestCharts } from './RequestCharts';
import { useMetrics } from './useMetrics';

/** The Metrics tab: requests, errors, latency, memory and CPU over 1 h, 24 h or 7 d, releases marked. */
export function MetricsView(props: { app: string }) {
  const [range, setRange] = useState<RangeId>('1h');
  const metrics = useMetrics(props.app, range);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <ToggleButtonGroup
        value={range}
        exclusive
        size="small"
        aria-label="Time range"
        onChange={(_e, value: RangeId | null) => value && setRange(value)}
      >
        {RANGES.map(r => (
          <ToggleButton key={r.id} value={r.id} aria-label={r.label}>
            {r.id}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <LoadState {...metrics}>
        {value => (
          <>
            <ReleaseMarkers releases={value.releases} />
            {value.empty || totalRequests(value) === 0 ? (
              <MetricsEmpty metrics={value} />
            ) : (
              <RequestCharts metrics={value} longRange={range !== '1h'} />
            )}
            <ProcessCharts metrics={value} longRange={range !== '1h'} />
          </>
        )}
      </LoadState>
    </Box>
  );
}
