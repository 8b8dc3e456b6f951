import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** One shell command the user copies, with a copy button named after `label`. */
export function CommandLine(props: { command: string; label: string }) {
  return (
    <Box display="flex" alignItems="center">
      <Typography
        component="code"
        variant="body2"
        style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
        aria-label={props.label}
      >
        {props.command}
      </Typography>
      <CopyTextButton
        text={props.command}
        aria-label={`Copy ${props.label.toLowerCase()}`}
      />
    </Box>
  );
}
