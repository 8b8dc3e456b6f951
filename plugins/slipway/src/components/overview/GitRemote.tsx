import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CommandLine } from './CommandLine';

/**
 * How to push code to the app's git remote. An empty remote takes any repository's `main`; a
 * remote that already has commits (a template's sample code, earlier pushes) refuses unrelated
 * history ("fetch first"), so the page says both ways through: merge it, or replace it with --force.
 */
export function GitRemote(props: {
  gitRemote: string;
  /** Whether pushes have landed on the remote (a template's code or earlier pushes). */
  remoteHasCommits: boolean;
}) {
  const { gitRemote, remoteHasCommits } = props;
  return (
    <Box>
      <Typography variant="subtitle2" component="h3">
        Git remote
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {remoteHasCommits
          ? 'To work on the code this app runs, clone it; to deploy a repository of your own, add the remote to it:'
          : 'This app has no code yet. In the repository you want to deploy, add the remote and push:'}
      </Typography>
      <CommandLine
        command={`git remote add slipway ${gitRemote}`}
        label="Git remote command"
      />
      {remoteHasCommits ? (
        <>
          <Typography variant="body2" color="textSecondary">
            The remote already has commits, so a push of unrelated history is
            rejected ("fetch first"). Either merge them and push:
          </Typography>
          <CommandLine
            command="git fetch slipway && git merge --allow-unrelated-histories slipway/main && git push slipway main"
            label="Merge and push command"
          />
          <Typography variant="body2" color="textSecondary">
            or replace the remote's history with yours (its commits are dropped
            from the remote; releases and rollbacks are not affected):
          </Typography>
          <CommandLine
            command="git push --force slipway main"
            label="Force push command"
          />
        </>
      ) : (
        <CommandLine command="git push slipway main" label="Push command" />
      )}
      <Typography variant="body2" color="textSecondary">
        Push another branch with <code>git push slipway mybranch:main</code>.
        When git asks for credentials, give any user name and a deploy token
        (below) as the password. A push prints the build and fails if the build
        or its release fails.
      </Typography>
    </Box>
  );
}
