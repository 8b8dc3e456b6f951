import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { slipwayApiRef } from '../../api';
import {
  ActionStatus,
  Field,
  GuardedButton,
  useAction,
  type AppPermissions,
} from '../shared';

/**
 * A one-off command in the current release (`heroku run`): its output as it is printed (the
 * API streams it), then its exit code.
 */
export function RunCommand(props: {
  app: string;
  permissions: AppPermissions;
}) {
  const { app, permissions } = props;
  const api = useApi(slipwayApiRef);
  const [command, setCommand] = useState('');
  const [output, setOutput] = useState<string[]>();
  const run = useAction(
    (text: string) =>
      api.run(app, text, {
        onLine: line => setOutput(lines => [...(lines ?? []), line]),
      }),
    r => `Exited with code ${r.exitCode}`,
  );
  return (
    <Box mt={3}>
      <Typography variant="h6" component="h2">
        Run a one-off command
      </Typography>
      <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
        <Field
          label="Command"
          placeholder="node scripts/migrate.js"
          value={command}
          onChange={e => setCommand(e.target.value)}
          size="small"
          style={{ minWidth: 360 }}
          disabled={!permissions.canUpdate}
        />
        <GuardedButton
          variant="outlined"
          allowed={permissions.canUpdate}
          reason={permissions.reason('run commands in it')}
          disabled={!command.trim() || run.pending}
          onClick={() => {
            setOutput([]);
            run.run(command);
          }}
        >
          Run
        </GuardedButton>
      </Box>
      <ActionStatus state={run.state} label="Running" />
      {output && (run.pending || output.length > 0 || run.result) && (
        <pre
          role="log"
          aria-label="Command output"
          aria-live="polite"
          style={{
            background: '#111',
            color: '#eee',
            padding: 8,
            maxHeight: 360,
            overflow: 'auto',
          }}
        >
          {output.length > 0 || run.pending ? output.join('\n') : '(no output)'}
        </pre>
      )}
    </Box>
  );
}
