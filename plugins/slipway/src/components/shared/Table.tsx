import MuiTable, { TableProps } from '@material-ui/core/Table';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // Headers and times never break inside a word ("Releas e", "9 minut es") at narrow widths;
  // long values (image references, URLs) wrap anywhere instead of squeezing the other columns.
  table: {
    '& th, & time': { whiteSpace: 'nowrap', wordBreak: 'keep-all' },
    '& td code': { overflowWrap: 'anywhere' },
  },
});

/** MUI's table with Slipway's rules for wrapping. */
export function Table(props: TableProps) {
  const classes = useStyles();
  const { className, ...rest } = props;
  return (
    <MuiTable
      className={className ? `${classes.table} ${className}` : classes.table}
      {...rest}
    />
  );
}
