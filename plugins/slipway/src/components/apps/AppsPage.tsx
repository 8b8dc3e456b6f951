import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Table } from '../shared/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { createAppRouteRef } from '../../routes';
import { LoadState } from '../shared';
import { AppFiltersBar } from './AppFiltersBar';
import { AppRow } from './AppRow';
import type { AppFilters } from './appFilters';
import { useAppsList } from './useAppsList';

const COLUMNS = ['App', 'Owner', 'Release', 'Last deploy', 'Status', 'URL'];

/** All apps at a glance (`/slipway`), kept current, with server-side filters and a way to create one. */
export function AppsPage() {
  const createApp = useRouteRef(createAppRouteRef);
  const [filters, setFilters] = useState<AppFilters>({
    mine: false,
    status: '',
    text: '',
  });
  const list = useAppsList(filters);

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
        <AppFiltersBar
          filters={filters}
          onChange={change => setFilters(f => ({ ...f, ...change }))}
        />
        <LoadState {...list}>
          {({ apps, filtered }) => (
            <>
              <Table size="small" aria-label="Apps">
                <TableHead>
                  <TableRow>
                    {COLUMNS.map(column => (
                      <TableCell key={column} style={{ whiteSpace: 'nowrap' }}>
                        {column}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {apps.map(app => (
                    <AppRow key={app.name} app={app} />
                  ))}
                </TableBody>
              </Table>
              {apps.length === 0 && (
                <Box mt={2}>
                  <Typography variant="body2">
                    {filtered
                      ? 'No apps match these filters.'
                      : 'No apps yet. Create one to get started.'}
                  </Typography>
                </Box>
              )}
            </>
          )}
        </LoadState>
      </Content>
    </Page>
  );
}
