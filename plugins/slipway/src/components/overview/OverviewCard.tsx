import { InfoCard, Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { LoadState } from '../shared';
import { DeployTokens } from '../tokens/DeployTokens';
import { AppHealth } from './AppHealth';
import { FailedBuild } from './FailedBuild';
import { GitRemote } from './GitRemote';
import { ProcessTable } from './ProcessTable';
import { ReleaseStatus } from './ReleaseStatus';
import { Section } from './Section';
import { useOverview } from './useOverview';

/** What a developer checks first: URL, releases, failures, processes, domains, how to deploy. */
export function OverviewCard(props: { app: string }) {
  const { app } = props;
  const state = useOverview(app);

  return (
    <InfoCard title={`Slipway app ${app}`}>
      <LoadState {...state}>
        {({
          details,
          processes,
          domains,
          servingRelease,
          newestRelease,
          failedBuild,
          remoteHasCommits,
        }) => (
          <>
            <Section title="URL">
              <Link to={details.url}>{details.url}</Link>
            </Section>
            <AppHealth details={details} processes={processes} />
            <ReleaseStatus current={servingRelease} newest={newestRelease} />
            {failedBuild && (
              <Section title="Newest build">
                <FailedBuild build={failedBuild} />
              </Section>
            )}
            <Section title="Processes">
              <ProcessTable
                structure={details.structure}
                processes={processes}
                deployed={
                  Boolean(details.release?.build) || processes.length > 0
                }
              />
            </Section>
            <Section title="Domains">
              {domains.length === 0 ? (
                <Typography variant="body2">No custom domains</Typography>
              ) : (
                <ul aria-label="Domains" style={{ margin: 0, paddingLeft: 20 }}>
                  {domains.map(d => (
                    <li key={d.domain}>
                      {d.domain}
                      {d.cert ? ` (TLS: ${d.cert})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <GitRemote
              gitRemote={details.gitRemote}
              remoteHasCommits={remoteHasCommits}
            />
            <DeployTokens app={app} />
          </>
        )}
      </LoadState>
    </InfoCard>
  );
}
