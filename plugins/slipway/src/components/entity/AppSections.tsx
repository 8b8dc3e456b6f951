import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { ReactElement } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { BuildsView } from '../builds/BuildsView';
import { ActionScope, AppDeletedNotice, useAppDeleted } from '../shared';
import { ConfigView } from '../config/ConfigView';
import { DomainsView } from '../domains/DomainsView';
import { EventsView } from '../events/EventsView';
import { LogsView } from '../logs/LogsView';
import { MetricsView } from '../metrics/MetricsView';
import { OverviewCard } from '../overview/OverviewCard';
import { ReleasesView } from '../releases/ReleasesView';
import { ScaleView } from '../scale/ScaleView';
import { SettingsView } from '../settings/SettingsView';

/** The sections of an app, in the order a Heroku dashboard user looks for them; `path` is relative to the tab. */
export const APP_SECTIONS: {
  path: string;
  title: string;
  render(app: string): ReactElement;
}[] = [
  { path: '', title: 'Overview', render: app => <OverviewCard app={app} /> },
  {
    path: 'releases',
    title: 'Releases',
    render: app => <ReleasesView app={app} />,
  },
  { path: 'config', title: 'Config', render: app => <ConfigView app={app} /> },
  { path: 'scale', title: 'Scale', render: app => <ScaleView app={app} /> },
  {
    path: 'domains',
    title: 'Domains & certs',
    render: app => <DomainsView app={app} />,
  },
  { path: 'logs', title: 'Logs', render: app => <LogsView app={app} /> },
  {
    path: 'metrics',
    title: 'Metrics',
    render: app => <MetricsView app={app} />,
  },
  { path: 'builds', title: 'Builds', render: app => <BuildsView app={app} /> },
  {
    path: 'events',
    title: 'Activity',
    render: app => <EventsView app={app} />,
  },
  {
    path: 'settings',
    title: 'Settings',
    render: app => <SettingsView app={app} />,
  },
];

/**
 * An app's sections as sub-tabs. Mounted under a splat route (the entity tab's
 * `slipway/*`), so each section has its own URL, e.g. `.../slipway/releases`.
 */
export function AppSections(props: { app: string }) {
  // Its own splat route, so the section is read the same under the entity tab's route or alone.
  return (
    <Routes>
      <Route path="/*" element={<SectionTabs app={props.app} />} />
    </Routes>
  );
}

function SectionTabs(props: { app: string }) {
  const rest = useParams()['*'] ?? '';
  const current =
    APP_SECTIONS.find(s => s.path === rest.split('/')[0]) ?? APP_SECTIONS[0];
  const deleted = useAppDeleted(props.app);
  return (
    <Box>
      <Tabs
        value={current.path}
        aria-label={`Sections of ${props.app}`}
        variant="scrollable"
        scrollButtons="auto"
        indicatorColor="primary"
      >
        {APP_SECTIONS.map(section => (
          <Tab
            key={section.path}
            value={section.path}
            label={section.title}
            component={Link}
            to={section.path || '.'}
          />
        ))}
      </Tabs>
      <Box mt={2} role="tabpanel" aria-label={current.title}>
        {deleted ? (
          <AppDeletedNotice />
        ) : (
          <ActionScope>{current.render(props.app)}</ActionScope>
        )}
      </Box>
    </Box>
  );
}
