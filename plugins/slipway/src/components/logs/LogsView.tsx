import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import { slipwayApiRef } from '../../api';
import { useLoad } from '../shared';
import { LiveLogs } from './LiveLogs';
import { LogFilters } from './LogFilters';
import { RetainedLogs } from './RetainedLogs';
import { showsRetained, useLogSearchState } from './useLogSearchState';

/**
 * An app's logs: followed live by default; searched among the kept lines (text, process type,
 * source, from a time or a release) once a filter is set. The search lives in the URL.
 */
export function LogsView(props: { app: string }) {
  const { app } = props;
  const api = useApi(slipwayApiRef);
  const details = useLoad(() => api.getApp(app), [api, app]);
  const { search, update } = useLogSearchState();
  const processTypes = Object.keys(details.value?.structure ?? {}).sort();
  return (
    <Box>
      <LogFilters
        search={search}
        processTypes={processTypes}
        onChange={update}
      />
      {showsRetained(search) ? (
        <RetainedLogs app={app} search={search} />
      ) : (
        <LiveLogs app={app} type={search.process} />
      )}
    </Box>
  );
}
