import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A titled part of the overview. */
export function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}
