import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** The command that adds the app's git remote, with a copy button. */
export function GitRemote(props: { gitRemote: string }) {
  const command = `git remote add slipway ${props.gitRemote}`;
  return (
    <Box>
      <Typography variant="subtitle2" component="h3">
        Git remote
      </Typography>
      <Box display="flex" alignItems="center">
        <Typography
          component="code"
          variant="body2"
          style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
          aria-label="Git remote command"
        >
          {command}
        </Typography>
        <CopyTextButton text={command} aria-label="Copy git remote command" />
      </Box>
      <Typography variant="body2" color="textSecondary">
        Then deploy with <code>git push slipway main</code>. When git asks for
        credentials, give any user name and a deploy token as the password.
      </Typography>
    </Box>
  );
}
