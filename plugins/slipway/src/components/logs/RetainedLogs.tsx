import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { LogOutput } from './LogOutput';
import { RetainedLogLineRow } from './RetainedLogLineRow';
import type { LogSearch } from './useLogSearchState';
import { useRetainedLogs } from './useRetainedLogs';

/** The retained lines matching the search: newest last, older (or later) ones a page at a time. */
export function RetainedLogs(props: { app: string; search: LogSearch }) {
  const { app, search } = props;
  const logs = useRetainedLogs(app, search);
  const moreButton = logs.cursor ? (
    <Button
      size="small"
      variant="outlined"
      disabled={logs.loading}
      onClick={() => void logs.more()}
      style={{ color: '#eee', borderColor: '#666', margin: '4px 0' }}
    >
      {logs.forward ? 'Load later lines' : 'Load older lines'}
    </Button>
  ) : null;
  return (
    <Box>
      <Typography variant="body2" role="status">
        {describe(search, logs)}
      </Typography>
      {logs.error && <Alert severity="error">{logs.error}</Alert>}
      <LogOutput>
        {!logs.forward && moreButton}
        {logs.lines.map(line => (
          <RetainedLogLineRow key={line.id} app={app} line={line} />
        ))}
        {logs.forward && moreButton}
      </LogOutput>
    </Box>
  );
}

function describe(
  search: LogSearch,
  logs: { loading: boolean; lines: unknown[]; totalItems?: number },
) {
  if (logs.loading && logs.lines.length === 0)
    return 'Searching the kept lines…';
  const from = search.at
    ? ` from ${
        search.release ? `release v${search.release} (${search.at})` : search.at
      }`
    : '';
  const matching = search.q ? ` matching "${search.q}"` : '';
  if (logs.totalItems === 0) return `No kept lines${matching}${from}`;
  return `Showing ${logs.lines.length} of ${logs.totalItems} kept lines${matching}${from}`;
}
