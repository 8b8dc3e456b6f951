import { Content, Header, Link, Page } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PIPELINE_STAGES } from '@slipway/plugin-slipway-common';
import { Route, Routes } from 'react-router-dom';
import { slipwayApiRef } from '../../api';
import { LoadState, useLoad } from '../shared';
import { PipelinePage } from './PipelinePage';

/** `/slipway/pipelines` (the list) and `/slipway/pipelines/:name` (one pipeline). */
export function PipelinesPage() {
  return (
    <Routes>
      <Route path="/" element={<PipelineList />} />
      <Route path="/:name" element={<PipelinePage />} />
    </Routes>
  );
}

function PipelineList() {
  const api = useApi(slipwayApiRef);
  const pipelines = useLoad(() => api.listPipelines({ limit: 500 }), [api]);
  return (
    <Page themeId="tool">
      <Header
        title="Pipelines"
        subtitle="Apps coupled from review to production"
      />
      <Content>
        <LoadState {...pipelines}>
          {page =>
            page.items.length === 0 ? (
              <Typography>
                No pipelines yet: create one with the "Service with staging and
                production" template or the API.
              </Typography>
            ) : (
              <Table size="small" aria-label="Pipelines">
                <TableHead>
                  <TableRow>
                    <TableCell>Pipeline</TableCell>
                    <TableCell>Owner</TableCell>
                    <TableCell>Stages</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {page.items.map(p => (
                    <TableRow key={p.name}>
                      <TableCell>
                        <Link to={p.name}>{p.name}</Link>
                      </TableCell>
                      <TableCell>{p.owner}</TableCell>
                      <TableCell>
                        {PIPELINE_STAGES.filter(s => p.stages[s].length > 0)
                          .map(
                            s =>
                              `${s}: ${p.stages[s]
                                .map(a => a.name)
                                .join(', ')}`,
                          )
                          .join(' → ')}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )
          }
        </LoadState>
      </Content>
    </Page>
  );
}
