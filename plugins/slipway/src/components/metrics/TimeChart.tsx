import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { AppMetrics } from '@slipway/plugin-slipway-common';
import { useDomId } from '../shared/useDomId';
import type { ChartRow } from './metricsData';

export type ChartSeries = { key: string; name: string; color: string };

/**
 * One chart over the window's time axis, each release a dashed vertical line named by its
 * version. The chart is an image to screen readers, described by `summary` (the figures it
 * shows, also printed under it); the releases are links beside the charts for keyboard users.
 */
export function TimeChart(props: {
  title: string;
  summary: string;
  rows: ChartRow[];
  series: ChartSeries[];
  releases: AppMetrics['releases'];
  unit?: string;
  longRange: boolean;
}) {
  const theme = useTheme();
  const summaryId = useDomId('chart-summary');
  const tick = (ms: number) =>
    props.longRange
      ? new Date(ms).toLocaleDateString(undefined, {
          month: 'short',
          day: 'numeric',
          hour: '2-digit',
        })
      : new Date(ms).toLocaleTimeString(undefined, {
          hour: '2-digit',
          minute: '2-digit',
        });
  return (
    <figure style={{ margin: 0 }}>
      <Typography component="figcaption" variant="subtitle1">
        {props.title}
      </Typography>
      <div
        role="img"
        aria-label={props.title}
        aria-describedby={summaryId}
        style={{ width: '100%', height: 220 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={props.rows} margin={{ top: 16, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={tick}
              minTickGap={40}
            />
            <YAxis unit={props.unit} width={70} allowDecimals={false} />
            <Tooltip
              labelFormatter={ms => new Date(Number(ms)).toLocaleString()}
            />
            <Legend />
            {props.series.map(s => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.name}
                stroke={s.color}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {props.releases.map(r => (
              <ReferenceLine
                key={r.version}
                x={Date.parse(r.createdAt)}
                stroke={theme.palette.text.secondary}
                strokeDasharray="4 2"
                label={{
                  value: `v${r.version}`,
                  position: 'top',
                  fill: theme.palette.text.primary,
                  fontSize: 12,
                }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <Typography id={summaryId} variant="caption" color="textSecondary">
        {props.summary}
      </Typography>
    </figure>
  );
}
