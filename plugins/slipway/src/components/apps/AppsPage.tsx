import {
  Content,
  ContentHeader,
  Header,
  Link,
  Page,
} from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/core-plugin-api';
import {
  entityRouteRef,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { slipwayApiRef } from '../../api';
import { createAppRouteRef } from '../../routes';
import { LoadState, StatusChip, useLoad, When, Field } from '../shared';
import { AppFilters, filterApps } from './appFilters';

/** All apps at a glance (`/slipway`), with quick filters and a way to create one. */
export function AppsPage() {
  const api = useApi(slipwayApiRef);
  const identityApi = useApi(identityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const createApp = useRouteRef(createAppRouteRef);
  const apps = useLoad(() => api.listApps(), [api]);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const [filters, setFilters] = useState<AppFilters>({
    mine: false,
    status: '',
    text: '',
  });
  const entityLink = (ref: string, defaultKind: string) => {
    const { kind, namespace, name } = parseEntityRef(ref, { defaultKind });
    return entityRoute({
      kind: kind.toLowerCase(),
      namespace: namespace.toLowerCase(),
      name,
    });
  };

  return (
    <Page themeId="tool">
      <Header
        title="Apps"
        subtitle="Your Slipway apps: releases, config, scale, domains and logs"
      />
      <Content>
        <ContentHeader title="">
          <Button
            // It navigates: a link for assistive technology, styled as the page's main action.
            role="link"
            variant="contained"
            color="primary"
            component={RouterLink}
            to={createApp?.() ?? '/create'}
          >
            Create app
          </Button>
          <Button
            role="link"
            variant="outlined"
            component={RouterLink}
            to="pipelines"
            style={{ marginLeft: 8 }}
          >
            Pipelines
          </Button>
        </ContentHeader>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          style={{ gap: 16 }}
          mb={2}
        >
          <ToggleButtonGroup
            exclusive
            size="small"
            value={filters.mine ? 'mine' : 'all'}
            onChange={(_, v) =>
              v && setFilters(f => ({ ...f, mine: v === 'mine' }))
            }
            aria-label="Whose apps"
          >
            <ToggleButton value="mine">Mine</ToggleButton>
            <ToggleButton value="all">All</ToggleButton>
          </ToggleButtonGroup>
          <Field
            select
            label="Status"
            value={filters.status}
            onChange={e => setFilters(f => ({ ...f, status: e.target.value }))}
            variant="outlined"
            size="small"
            style={{ minWidth: 160 }}
          >
            <MenuItem value="">Any status</MenuItem>
            <MenuItem value="succeeded">succeeded</MenuItem>
            <MenuItem value="pending">pending</MenuItem>
            <MenuItem value="failed">failed</MenuItem>
          </Field>
          <Field
            label="Search apps"
            value={filters.text}
            onChange={e => setFilters(f => ({ ...f, text: e.target.value }))}
            variant="outlined"
            size="small"
          />
        </Box>
        <LoadState {...apps}>
          {all => {
            const shown = filterApps(
              all,
              filters,
              identity.value?.ownershipEntityRefs ?? [],
            );
            return (
              <>
                <Table size="small" aria-label="Apps">
                  <TableHead>
                    <TableRow>
                      <TableCell>App</TableCell>
                      <TableCell>Owner</TableCell>
                      <TableCell>Release</TableCell>
                      <TableCell>Last deploy</TableCell>
                      <TableCell>Status</TableCell>
                      <TableCell>URL</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {shown.map(app => (
                      <TableRow key={app.name}>
                        <TableCell>
                          <Link
                            to={entityLink(
                              `component:default/${app.name}`,
                              'component',
                            )}
                          >
                            {app.name}
                          </Link>
                        </TableCell>
                        <TableCell>
                          <Link to={entityLink(app.owner, 'group')}>
                            {humanizeEntityRef(
                              parseEntityRef(app.owner, {
                                defaultKind: 'group',
                              }),
                              {
                                defaultKind: 'group',
                              },
                            )}
                          </Link>
                        </TableCell>
                        <TableCell>
                          {app.release ? `v${app.release.version}` : ''}
                        </TableCell>
                        <TableCell>
                          {app.release ? (
                            <When time={app.release.createdAt} />
                          ) : (
                            ''
                          )}
                        </TableCell>
                        <TableCell>
                          {app.release ? (
                            <StatusChip status={app.release.status} />
                          ) : (
                            ''
                          )}
                        </TableCell>
                        <TableCell>
                          <Link to={app.url}>{app.url}</Link>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {shown.length === 0 && (
                  <Box mt={2}>
                    <Typography variant="body2">
                      {all.length === 0
                        ? 'No apps yet. Create one to get started.'
                        : 'No apps match these filters.'}
                    </Typography>
                  </Box>
                )}
              </>
            );
          }}
        </LoadState>
      </Content>
    </Page>
  );
}
