import type { AppMetrics } from '@slipway/plugin-slipway-common';
import Typography from '@material-ui/core/Typography';
import { peak, processRows } from './metricsData';
import { TimeChart } from './TimeChart';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
];

/** Memory and CPU per process type, or why there are none. */
export function ProcessCharts(props: {
  metrics: AppMetrics;
  longRange: boolean;
}) {
  const { metrics, longRange } = props;
  if (metrics.processes.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Memory and CPU: no samples in this window. They are sampled each minute
        from the processes' cgroups (local runtime, where limits apply) or from
        metrics-server (Kubernetes).
      </Typography>
    );
  }
  const series = metrics.processes.map((p, i) => ({
    key: p.type,
    name: p.type,
    color: COLORS[i % COLORS.length],
  }));
  const peaks = (
    of: 'memoryBytes' | 'cpuMillicores',
    scale: number,
    unit: string,
  ) =>
    metrics.processes
      .map(p => `${p.type} ${Math.round((peak(p[of]) ?? 0) / scale)} ${unit}`)
      .join(', ');
  return (
    <>
      <TimeChart
        title="Memory per process type (MiB)"
        summary={`Highest memory: ${peaks('memoryBytes', 1024 * 1024, 'MiB')}.`}
        rows={processRows(metrics, 'memoryBytes')}
        series={series}
        unit=" MiB"
        releases={metrics.releases}
        longRange={longRange}
      />
      <TimeChart
        title="CPU per process type (millicores)"
        summary={`Highest CPU: ${peaks('cpuMillicores', 1, 'millicores')}.`}
        rows={processRows(metrics, 'cpuMillicores')}
        series={series}
        releases={metrics.releases}
        longRange={longRange}
      />
    </>
  );
}
