import { makeStyles } from '@material-ui/core/styles';

/**
 * The requests sparkline is the Apps table's least needed column: below 1280 px it gives way so
 * that the table fits without scrolling (the Metrics tab has the figures).
 */
export const useSparklineColumn = makeStyles(theme => ({
  cell: { [theme.breakpoints.down('md')]: { display: 'none' } },
}));
