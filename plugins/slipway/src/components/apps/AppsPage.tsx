import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TableBody from '@material-ui/core/TableBody';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link as RouterLink } from 'react-router-dom';
import { LoadState, Table } from '../shared';
import { AppFiltersBar } from './AppFiltersBar';
import { AppRow } from './AppRow';
import { CreateAppButton } from './CreateAppButton';
import { AppsTableHead } from './AppsTableHead';
import { APPS_PAGE_SIZE, useAppsList } from './useAppsList';
import { useRequestSparklines } from './useRequestSparklines';
import { useAppsUrlState } from './useAppsUrlState';

const useStyles = makeStyles({
  // Six columns in 1024 px (beside the sidebar): tighter than MUI's 16/24 px cell padding.
  table: { '& th, & td': { paddingLeft: 12, paddingRight: 12 } },
});

/**
 * All apps at a glance (`/slipway`), kept current: filtered, sorted and paged on the server,
 * with filters, order and page in the URL, and a way to create one.
 */
export function AppsPage() {
  const classes = useStyles();
  const { filters, order, position, update } = useAppsUrlState();
  const list = useAppsList(filters, order, position.cursor);
  const sparklines = useRequestSparklines(
    list.value?.apps.map(app => app.name) ?? [],
  );

  return (
    <Page themeId="tool">
      <Header
        title="Apps"
        subtitle="Your Slipway apps: releases, config, scale, domains and logs"
      />
      <Content>
        <ContentHeader title="">
          <CreateAppButton />
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
          onChange={change => update({ filters: change, order })}
        />
        <LoadState {...list}>
          {({ apps, filtered, totalItems, pageInfo }) => (
            <>
              {/* Narrow windows scroll the table rather than clip its last columns. */}
              <Box style={{ overflowX: 'auto' }}>
                <Table size="small" aria-label="Apps" className={classes.table}>
                  <AppsTableHead
                    order={order}
                    onOrder={next => update({ order: next })}
                  />
                  <TableBody>
                    {apps.map(app => (
                      <AppRow
                        key={app.name}
                        app={app}
                        requests={sparklines?.get(app.name)}
                      />
                    ))}
                  </TableBody>
                </Table>
              </Box>
              {totalItems > 0 && (
                <TablePagination
                  component="div"
                  count={totalItems}
                  page={Math.min(
                    position.page,
                    Math.max(0, Math.ceil(totalItems / APPS_PAGE_SIZE) - 1),
                  )}
                  rowsPerPage={APPS_PAGE_SIZE}
                  rowsPerPageOptions={[APPS_PAGE_SIZE]}
                  onPageChange={(_, to) =>
                    update({
                      position: pageTo(position.page, to, pageInfo),
                    })
                  }
                />
              )}
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

/** The page one step from `page` through the shown page's cursors (the first page needs none). */
function pageTo(
  page: number,
  to: number,
  pageInfo: { nextCursor?: string; prevCursor?: string },
) {
  if (to > page && pageInfo.nextCursor)
    return { page: page + 1, cursor: pageInfo.nextCursor };
  if (to < page && page > 1 && pageInfo.prevCursor)
    return { page: page - 1, cursor: pageInfo.prevCursor };
  return { page: 0 };
}
