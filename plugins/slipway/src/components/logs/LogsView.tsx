import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef, useState } from 'react';
import { slipwayApiRef } from '../../api';
import { useLoad, Field } from '../shared';
import { LogStreamStatus, useLogStream } from './useLogStream';

/** Live tail of the app's logs with a process-type filter, pause and search. */
export function LogsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const details = useLoad(() => api.getApp(app), [api, app]);
  const [type, setType] = useState('');
  const [search, setSearch] = useState('');
  const stream = useLogStream(app, type || undefined);
  const output = useRef<HTMLDivElement>(null);
  const types = Object.keys(details.value?.structure ?? {}).sort();
  const needle = search.toLowerCase();
  const shown = needle
    ? stream.lines.filter(l =>
        `${l.source} ${l.line}`.toLowerCase().includes(needle),
      )
    : stream.lines;

  useEffect(() => {
    const el = output.current;
    if (el && !stream.paused) el.scrollTop = el.scrollHeight;
  }, [shown.length, stream.paused]);

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
        mb={1}
      >
        <Field
          select
          label="Process type"
          value={type}
          onChange={e => setType(e.target.value)}
          variant="outlined"
          size="small"
          style={{ minWidth: 160 }}
        >
          <MenuItem value="">All process types</MenuItem>
          {types.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </Field>
        <Field
          label="Search"
          value={search}
          onChange={e => setSearch(e.target.value)}
          variant="outlined"
          size="small"
        />
        {stream.paused ? (
          <Button variant="outlined" onClick={stream.resume}>
            Resume
          </Button>
        ) : (
          <Button variant="outlined" onClick={stream.pause}>
            Pause
          </Button>
        )}
        {(stream.status.state === 'ended' ||
          stream.status.state === 'failed') && (
          <Button variant="outlined" onClick={stream.reconnect}>
            Reconnect
          </Button>
        )}
        <StreamStatus
          status={stream.status}
          paused={stream.paused}
          waiting={stream.waiting}
        />
      </Box>
      <div
        ref={output}
        role="log"
        aria-label="Log output"
        style={{
          fontFamily: 'monospace',
          fontSize: 13,
          whiteSpace: 'pre-wrap',
          background: '#111',
          color: '#eee',
          padding: 8,
          height: 480,
          overflowY: 'auto',
        }}
      >
        {shown.map((l, i) => (
          <div key={i}>
            {l.time && <span style={{ color: '#888' }}>{l.time} </span>}
            {l.source && <span style={{ color: '#6cf' }}>{l.source}: </span>}
            {l.line}
          </div>
        ))}
      </div>
      {search && (
        <Typography variant="body2" color="textSecondary">
          Showing {shown.length} of {stream.lines.length} lines matching "
          {search}"
        </Typography>
      )}
    </Box>
  );
}

function StreamStatus(props: {
  status: LogStreamStatus;
  paused: boolean;
  waiting: number;
}) {
  const { status, paused, waiting } = props;
  if (status.state === 'failed') {
    return <Alert severity="error">{status.message}</Alert>;
  }
  let text = 'Connecting…';
  if (paused)
    text = `Paused: ${waiting} new line${waiting === 1 ? '' : 's'} waiting`;
  else if (status.state === 'streaming') text = 'Streaming live';
  else if (status.state === 'ended') text = 'The log stream ended';
  return (
    <Typography variant="body2" role="status">
      {text}
    </Typography>
  );
}
