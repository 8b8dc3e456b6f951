import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useRef } from 'react';
import { LogOutput, LogText } from './LogOutput';
import { LogStreamStatus, useLogStream } from './useLogStream';

/** The live tail (it starts with the newest kept lines), with pause, resume and reconnect. */
export function LiveLogs(props: { app: string; type?: string }) {
  const stream = useLogStream(props.app, props.type || undefined);
  const output = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = output.current;
    if (el && !stream.paused) el.scrollTop = el.scrollHeight;
  }, [stream.lines.length, stream.paused]);

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
        mb={1}
      >
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
      <LogOutput ref={output}>
        {stream.lines.map((l, i) => (
          <div key={i}>
            <LogText time={l.time} source={l.source} line={l.line} />
          </div>
        ))}
      </LogOutput>
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
  else if (status.state === 'reconnecting')
    text = `The log stream dropped: reconnecting… (${status.attempt} of ${status.of})`;
  else if (status.state === 'ended') text = 'The log stream ended';
  return (
    <Typography variant="body2" role="status">
      {text}
    </Typography>
  );
}
