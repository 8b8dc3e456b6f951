import type { AppMetrics } from '@slipway/plugin-slipway-common';
import { useTheme } from '@material-ui/core/styles';
import { latencyRows, peak, requestRows, requestSummary } from './metricsData';
import { TimeChart } from './TimeChart';

/** Requests by outcome and latency percentiles, from the router. */
export function RequestCharts(props: {
  metrics: AppMetrics;
  longRange: boolean;
}) {
  const { metrics, longRange } = props;
  const { palette } = useTheme();
  const p99 = peak(metrics.latency.p99);
  return (
    <>
      <TimeChart
        title={`Requests and errors per ${metrics.step / 60} min`}
        summary={requestSummary(metrics)}
        rows={requestRows(metrics)}
        series={[
          {
            key: 'ok',
            name: 'Answered (1xx–3xx)',
            color: palette.success.main,
          },
          {
            key: '4xx',
            name: 'Client errors (4xx)',
            color: palette.warning.main,
          },
          {
            key: '5xx',
            name: 'Server errors (5xx)',
            color: palette.error.main,
          },
        ]}
        releases={metrics.releases}
        longRange={longRange}
      />
      <TimeChart
        title="Response time (ms)"
        summary={
          p99 === undefined
            ? 'No requests, so no response times.'
            : `Highest p99 in this window: ${p99} ms.`
        }
        rows={latencyRows(metrics)}
        series={[
          { key: 'p50', name: 'p50', color: palette.primary.main },
          { key: 'p95', name: 'p95', color: palette.warning.main },
          { key: 'p99', name: 'p99', color: palette.error.main },
        ]}
        unit=" ms"
        releases={metrics.releases}
        longRange={longRange}
      />
    </>
  );
}
