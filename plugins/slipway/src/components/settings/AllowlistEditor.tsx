import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { cidrProblem } from '@slipway/plugin-slipway-common';
import { useState } from 'react';
import { GuardedButton, Field } from '../shared';

/** CIDRs allowed to reach the app; empty means everyone. */
export function AllowlistEditor(props: {
  value: string[];
  onChange(value: string[]): void;
  allowed: boolean;
  reason: string;
}) {
  const [cidr, setCidr] = useState('');
  const problem = cidr
    ? cidrProblem(cidr) ??
      (props.value.includes(cidr) ? `${cidr} is already allowed` : undefined)
    : undefined;
  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        IP allowlist
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.value.length === 0
          ? 'Everyone can reach the app.'
          : 'Only these addresses can reach the app:'}
      </Typography>
      <Box
        display="flex"
        flexWrap="wrap"
        style={{ gap: 8 }}
        my={1}
        aria-label="Allowed addresses"
      >
        {props.value.map(entry => (
          <Chip
            key={entry}
            label={entry}
            onDelete={
              props.allowed
                ? () => props.onChange(props.value.filter(v => v !== entry))
                : undefined
            }
          />
        ))}
      </Box>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Field
          label="CIDR"
          placeholder="10.0.0.0/8"
          value={cidr}
          onChange={e => setCidr(e.target.value.trim())}
          error={Boolean(problem)}
          helperText={problem}
          size="small"
          disabled={!props.allowed}
        />
        <GuardedButton
          allowed={props.allowed}
          reason={props.reason}
          disabled={!cidr || Boolean(problem)}
          onClick={() => {
            props.onChange([...props.value, cidr]);
            setCidr('');
          }}
        >
          Allow
        </GuardedButton>
      </Box>
    </Box>
  );
}
