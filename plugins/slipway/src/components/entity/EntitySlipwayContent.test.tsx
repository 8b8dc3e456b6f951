import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { EntitySlipwayContent } from './EntitySlipwayContent';
import { EntitySlipwayOverviewCard } from './EntitySlipwayOverviewCard';

const backend = setupFakeSlipway();

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', annotations: { 'slipway.io/app': 'shop' } },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

beforeEach(() => {
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js' });
});

describe('EntitySlipwayContent', () => {
  it('says the app was deleted on every tab once it is, also on tabs that do not poll', async () => {
    const signals = new FakeSignals();
    await renderWithSlipway(
      <EntityProvider entity={entity}>
        <EntitySlipwayContent />
      </EntityProvider>,
      { routeEntries: ['/events'], signals },
    );
    await screen.findByRole('tabpanel', { name: 'Activity' });
    expect(screen.queryByText(/This app was deleted/)).toBeNull();

    backend.fake.apps.delete('shop');
    signals.publish('slipway:app:shop', { app: 'shop' });
    expect(await screen.findByText(/This app was deleted/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    expect(screen.getByText(/This app was deleted/)).toBeInTheDocument();
  });

  it('shows the app of the entity, one section per sub-tab with its own URL', async () => {
    await renderWithSlipway(
      <EntityProvider entity={entity}>
        <EntitySlipwayContent />
      </EntityProvider>,
      { routeEntries: ['/releases'] },
    );

    const tabs = screen.getAllByRole('tab').map(t => t.textContent);
    expect(tabs).toEqual([
      'Overview',
      'Releases',
      'Config',
      'Scale',
      'Domains & certs',
      'Logs',
      'Metrics',
      'Builds',
      'Activity',
      'Settings',
    ]);
    expect(screen.getByRole('tab', { name: 'Releases' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('table', { name: 'Releases' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Config' }));
    expect(screen.getByRole('tab', { name: 'Config' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('table', { name: 'Config vars' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Config' })).toHaveAttribute(
      'href',
      '/config',
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Overview' }));
    expect(await screen.findByText('Slipway app shop')).toBeInTheDocument();
  });

  it('the overview card shows the app named by the entity annotation', async () => {
    await renderWithSlipway(
      <EntityProvider entity={entity}>
        <EntitySlipwayOverviewCard />
      </EntityProvider>,
    );
    expect(await screen.findByText('Slipway app shop')).toBeInTheDocument();
    expect(await screen.findByText(/deployed 1a2b3c4/)).toBeInTheDocument();
  });
});
