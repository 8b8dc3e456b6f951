import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Typography from '@material-ui/core/Typography';
import type { Release, ReleaseDiff } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import { ActionStatus, useAction, Field } from '../shared';
import { DiffTable } from './DiffTable';

/** Pick any two releases and see what differs between them. */
export function CompareReleases(props: { app: string; releases: Release[] }) {
  const { app, releases } = props;
  const api = useApi(slipwayApiRef);
  const versions = releases.map(r => r.version);
  // Until the user picks, the defaults follow the list: the newest release and the one before
  // (a new release moves them; a pick that left the list falls back to them).
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const shown = (version: number | undefined, fallback: number | undefined) =>
    version !== undefined && versions.includes(version)
      ? version
      : fallback ?? '';
  const from = shown(picked.from, versions[1]);
  const to = shown(picked.to, versions[0]);
  const setFrom = (version: number) =>
    setPicked(p => ({ ...p, from: version }));
  const setTo = (version: number) => setPicked(p => ({ ...p, to: version }));
  const [diff, setDiff] = useState<ReleaseDiff>();
  const compare = useAction(
    (a: number, b: number) => api.diffReleases(app, a, b),
    () => '',
    setDiff,
  );

  if (versions.length < 2) {
    return null;
  }
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h2">
        Compare releases
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 16 }} my={1}>
        <VersionSelect
          label="From release"
          value={from}
          versions={versions}
          onChange={setFrom}
        />
        <VersionSelect
          label="To release"
          value={to}
          versions={versions}
          onChange={setTo}
        />
        <Button
          variant="outlined"
          disabled={from === '' || to === '' || from === to || compare.pending}
          onClick={() => {
            setDiff(undefined);
            compare.run(Number(from), Number(to));
          }}
        >
          Compare
        </Button>
      </Box>
      {compare.pending || compare.error ? (
        <ActionStatus state={compare.state} label="Comparing" />
      ) : null}
      {diff && <DiffTable diff={diff} />}
    </Box>
  );
}

function VersionSelect(props: {
  label: string;
  value: number | '';
  versions: number[];
  onChange(version: number): void;
}) {
  return (
    <Field
      select
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(Number(e.target.value))}
      variant="outlined"
      size="small"
      style={{ minWidth: 140 }}
    >
      {props.versions.map(v => (
        <MenuItem key={v} value={v}>
          v{v}
        </MenuItem>
      ))}
    </Field>
  );
}
