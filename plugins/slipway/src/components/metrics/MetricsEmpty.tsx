import type { AppMetrics } from '@slipway/plugin-slipway-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

const TITLES: Record<NonNullable<AppMetrics['empty']>['reason'], string> = {
  'no-traffic': 'No traffic yet',
  'no-prometheus': 'No Prometheus configured',
  'router-not-counting': 'The router does not count requests',
  'metrics-disabled': 'Metrics are turned off',
};

/** Why the window has no requests, as the API says: no traffic, or nothing to count them. */
export function MetricsEmpty(props: { metrics: AppMetrics }) {
  const { empty, releases } = props.metrics;
  const reason = empty?.reason ?? 'no-traffic';
  return (
    <Alert severity={reason === 'no-traffic' ? 'info' : 'warning'}>
      <AlertTitle>{TITLES[reason]}</AlertTitle>
      {empty?.message ?? 'No requests in this window.'}
      {reason === 'no-traffic' &&
        ' Requests appear here within a minute of reaching the app.'}
      {releases.length > 0 &&
        ` ${releases.length} release(s) happened meanwhile.`}
    </Alert>
  );
}
