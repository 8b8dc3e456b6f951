import { useApi } from '@backstage/core-plugin-api';
import Alert from '@material-ui/lab/Alert';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ConfigView, PipelineApp } from '@slipway/plugin-slipway-common';
import { slipwayApiRef } from '../../api';
import { ConfirmDialog, LoadState, useLoad } from '../shared';

type Row = { target: string; key: string; source: string; stays: string };

/** Config keys whose values differ between the source and each target (masked unless readable). */
function configDiff(
  source: ConfigView,
  targets: { name: string; config: ConfigView }[],
): Row[] {
  const show = (config: ConfigView, key: string) => {
    if (!config.keys.includes(key)) return '(unset)';
    return config.revealed ? config.values[key] : '••••';
  };
  const rows: Row[] = [];
  for (const target of targets) {
    const keys = [...new Set([...source.keys, ...target.config.keys])].sort();
    for (const key of keys) {
      const from = show(source, key);
      const stays = show(target.config, key);
      const differ =
        source.revealed && target.config.revealed
          ? from !== stays
          : source.keys.includes(key) !== target.config.keys.includes(key);
      if (differ) rows.push({ target: target.name, key, source: from, stays });
    }
  }
  return rows;
}

/**
 * Asks before promoting: which build goes where, and how each target's own config differs from
 * the source's (the target keeps its own).
 */
export function PromoteDialog(props: {
  open: boolean;
  source: PipelineApp;
  targets: PipelineApp[];
  onConfirm(): void;
  onCancel(): void;
}) {
  const api = useApi(slipwayApiRef);
  const { source, targets } = props;
  const configs = useLoad(async () => {
    if (!props.open) return undefined;
    const [own, ...theirs] = await Promise.all(
      [source, ...targets].map(app => api.getConfig(app.name)),
    );
    return configDiff(
      own,
      targets.map((t, i) => ({ name: t.name, config: theirs[i] })),
    );
  }, [api, props.open, source.name, targets.map(t => t.name).join()]);
  const build = source.release?.build;
  const what = build?.sha?.slice(0, 7) ?? build?.image ?? 'its build';
  return (
    <ConfirmDialog
      open={props.open}
      title={`Promote ${source.name} to ${targets
        .map(t => t.name)
        .join(', ')}?`}
      confirmLabel="Promote"
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <Typography paragraph>
        {targets.map(t => t.name).join(', ')} will run build {what} of{' '}
        {source.name} v{source.release?.version}, each with its own config.
      </Typography>
      <LoadState {...configs}>
        {rows =>
          rows.length === 0 ? (
            <Alert severity="info">The config is the same on both sides.</Alert>
          ) : (
            <Table size="small" aria-label="Config differences">
              <TableHead>
                <TableRow>
                  <TableCell>Target</TableCell>
                  <TableCell>Key</TableCell>
                  <TableCell>{source.name}</TableCell>
                  <TableCell>Target keeps</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(row => (
                  <TableRow key={`${row.target}/${row.key}`}>
                    <TableCell>{row.target}</TableCell>
                    <TableCell>{row.key}</TableCell>
                    <TableCell>{row.source}</TableCell>
                    <TableCell>{row.stays}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </LoadState>
    </ConfirmDialog>
  );
}
