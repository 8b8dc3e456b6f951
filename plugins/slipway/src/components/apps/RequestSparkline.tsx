import { useTheme } from '@material-ui/core/styles';

const WIDTH = 96;
const HEIGHT = 24;

/**
 * A tiny line of an app's requests per hour over the last day: an image whose name sums it up
 * for screen readers (total and busiest hour).
 */
export function RequestSparkline(props: { app: string; requests?: number[] }) {
  const theme = useTheme();
  const { requests } = props;
  if (!requests) return null;
  const total = requests.reduce((a, b) => a + b, 0);
  const peak = Math.max(0, ...requests);
  const label =
    total === 0
      ? `${props.app}: no requests in the last 24 hours`
      : `${props.app}: ${total.toLocaleString(
          'en',
        )} requests in the last 24 hours, at most ${peak.toLocaleString(
          'en',
        )} in an hour`;
  const x = (i: number) =>
    requests.length > 1 ? (i / (requests.length - 1)) * (WIDTH - 2) + 1 : 1;
  const y = (n: number) =>
    peak === 0 ? HEIGHT - 1 : HEIGHT - 1 - (n / peak) * (HEIGHT - 2);
  const points = requests.map((n, i) => `${x(i)},${y(n)}`).join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      style={{ display: 'block' }}
    >
      <title>{label}</title>
      <polyline
        points={points}
        fill="none"
        stroke={
          total === 0 ? theme.palette.text.disabled : theme.palette.primary.main
        }
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
    </svg>
  );
}
