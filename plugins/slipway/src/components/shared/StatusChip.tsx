import Chip from '@material-ui/core/Chip';

const COLORS: Record<string, 'primary' | 'secondary' | 'default'> = {
  succeeded: 'primary',
  up: 'primary',
  failed: 'secondary',
  crashed: 'secondary',
};

/** A release, build or process status as a small labelled chip. */
export function StatusChip(props: { status: string }) {
  return (
    <Chip
      size="small"
      label={props.status}
      color={COLORS[props.status] ?? 'default'}
      variant={COLORS[props.status] ? 'default' : 'outlined'}
    />
  );
}
