import { ReactNode } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { slipwayApiRef } from '../../api';
import { LoadState, StatusChip, useLoad, When } from '../shared';
import { DeployTokenButton } from './DeployTokenButton';
import { GitRemote } from './GitRemote';
import { summarizeProcesses } from './processSummary';

/** What a developer checks first: URL, current release, processes, domains, how to deploy. */
export function OverviewCard(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const state = useLoad(async () => {
    const [details, processes, domains] = await Promise.all([
      api.getApp(app),
      api.listProcesses(app),
      api.listDomains(app),
    ]);
    return { details, processes, domains };
  }, [api, app]);

  return (
    <InfoCard title={`Slipway app ${app}`}>
      <LoadState {...state}>
        {({ details, processes, domains }) => (
          <>
            <Section title="URL">
              <Link to={details.url}>{details.url}</Link>
            </Section>
            <Section title="Current release">
              {details.release ? (
                <Box
                  display="flex"
                  alignItems="center"
                  flexWrap="wrap"
                  style={{ gap: 8 }}
                >
                  <Typography component="span" variant="body1">
                    <strong>v{details.release.version}</strong>
                  </Typography>
                  <StatusChip status={details.release.status} />
                  <Typography component="span" variant="body2">
                    {details.release.summary} · {details.release.createdBy} ·{' '}
                    <When time={details.release.createdAt} />
                  </Typography>
                </Box>
              ) : (
                <Typography variant="body2">No release yet</Typography>
              )}
              {details.release?.reason && (
                <Typography variant="body2" color="error">
                  {details.release.reason}
                </Typography>
              )}
            </Section>
            <Section title="Processes">
              <Table size="small" aria-label="Process types">
                <TableHead>
                  <TableRow>
                    <TableCell>Process type</TableCell>
                    <TableCell>Replicas</TableCell>
                    <TableCell>State</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {summarizeProcesses(details.structure, processes).map(row => (
                    <TableRow key={row.type}>
                      <TableCell>{row.type}</TableCell>
                      <TableCell>{row.replicas}</TableCell>
                      <TableCell>{row.state}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {Object.keys(details.structure).length === 0 &&
                processes.length === 0 && (
                  <Typography variant="body2">Nothing deployed yet.</Typography>
                )}
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
            <GitRemote gitRemote={details.gitRemote} />
            <DeployTokenButton app={app} />
          </>
        )}
      </LoadState>
    </InfoCard>
  );
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mb={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}
