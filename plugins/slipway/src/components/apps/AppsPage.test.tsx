import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { STEADY_POLL_MS } from '../shared';
import { AppsPage } from './AppsPage';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

function seed() {
  const shop = backend.fake.addApp('shop', { owner: 'group:default/team-a' });
  backend.fake.deploy(shop, { web: 'node server.js' });
  const blog = backend.fake.addApp('blog', { owner: 'user:default/jane' });
  backend.fake.deploy(blog, { web: 'hugo server' });
  const billing = backend.fake.addApp('billing', {
    owner: 'group:default/payments',
  });
  backend.fake.deploy(billing, { web: 'java -jar app.jar' });
  billing.releases[0].status = 'pending';
}

const appNames = () =>
  within(screen.getByRole('table', { name: 'Apps' }))
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);

describe('AppsPage', () => {
  it("lists every app with owner, newest release, status and links to its catalog page's Slipway tab", async () => {
    seed();
    await renderWithSlipway(<AppsPage />);
    await screen.findByRole('table', { name: 'Apps' });

    expect(appNames()).toEqual(['shop', 'blog', 'billing']);
    const shop = screen.getByRole('row', { name: /^shop\b/ });
    expect(within(shop).getByRole('link', { name: 'shop' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shop/slipway',
    );
    expect(within(shop).getByRole('link', { name: 'team-a' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
    expect(shop).toHaveTextContent('v2');
    expect(shop).toHaveTextContent('succeeded');
    expect(screen.getByRole('row', { name: /^billing\b/ })).toHaveTextContent(
      'pending',
    );
  });

  it('filters to my apps, by status and by text', async () => {
    seed();
    await renderWithSlipway(<AppsPage />, {
      ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
    });
    await screen.findByRole('table', { name: 'Apps' });

    await userEvent.click(screen.getByRole('button', { name: 'Mine' }));
    expect(appNames()).toEqual(['shop', 'blog']);

    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'pending' }),
    );
    expect(appNames()).toEqual(['billing']);

    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Any status' }),
    );
    await userEvent.type(screen.getByLabelText('Search apps'), 'BLO');
    expect(appNames()).toEqual(['blog']);

    await userEvent.clear(screen.getByLabelText('Search apps'));
    await userEvent.type(screen.getByLabelText('Search apps'), 'zzz');
    expect(
      screen.getByText('No apps match these filters.'),
    ).toBeInTheDocument();
  });

  it('shows a failed deploy after a successful one as failed, with its reason', async () => {
    seed();
    const shop = backend.fake.apps.get('shop')!;
    backend.fake.deploy(shop, { web: 'node broken.js' });
    shop.releases[0].status = 'failed';
    shop.releases[0].reason = 'web crashed: exit code 1';
    await renderWithSlipway(<AppsPage />);
    const row = await screen.findByRole('row', { name: /^shop\b/ });
    expect(row).toHaveTextContent('v3');
    expect(row).toHaveTextContent('failed');
    expect(row).toHaveTextContent('web crashed: exit code 1');
  });

  it('asks the server for the filters, so they apply to the whole list', async () => {
    seed();
    const shop = backend.fake.apps.get('shop')!;
    shop.releases[0].status = 'failed';
    await renderWithSlipway(<AppsPage />, {
      ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
    });
    await screen.findByRole('table', { name: 'Apps' });
    await userEvent.click(screen.getByRole('button', { name: /Status/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    await screen.findByRole('row', { name: /^shop\b/ });
    expect(appNames()).toEqual(['shop']);
    await userEvent.click(screen.getByRole('button', { name: 'Mine' }));
    const last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
    expect(last.get('status')).toBe('failed');
    expect(last.getAll('owner')).toEqual([
      'user:default/jane',
      'group:default/team-a',
    ]);
  });

  it('updates on a signal when an app changes elsewhere', async () => {
    seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<AppsPage />, { signals });
    await screen.findByRole('row', { name: /^billing\b/ });
    expect(signals.channels).toContain('slipway:apps');
    backend.fake.apps.get('billing')!.releases[0].status = 'succeeded';
    backend.fake.addApp('zebra');
    signals.publish('slipway:apps');
    expect(
      await screen.findByRole('row', { name: /^zebra\b/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /^billing\b/ })).toHaveTextContent(
      'succeeded',
    );
  });

  it('polls within two seconds when the signals plugin is not installed', async () => {
    seed();
    await renderWithSlipway(<AppsPage />);
    await screen.findByRole('row', { name: /^billing\b/ });
    backend.fake.apps.get('billing')!.releases[0].status = 'failed';
    await waitFor(
      () =>
        expect(
          screen.getByRole('row', { name: /^billing\b/ }),
        ).toHaveTextContent('failed'),
      // Without signals the page polls every SETTLING_POLL_MS (1.5 s), not every STEADY_POLL_MS;
      // the margin is for a loaded test machine.
      { timeout: STEADY_POLL_MS * 0.8 },
    );
  });

  it('leads to the scaffolder to create an app', async () => {
    await renderWithSlipway(<AppsPage />);
    expect(
      await screen.findByRole('link', { name: 'Create app' }),
    ).toHaveAttribute('href', '/create');
    expect(screen.getByRole('link', { name: 'Pipelines' })).toHaveAttribute(
      'href',
      '/pipelines',
    );
    expect(
      await screen.findByText('No apps yet. Create one to get started.'),
    ).toBeInTheDocument();
  });

  it("shows the API's message when the apps cannot be listed", async () => {
    backend.server.use(
      http.get(`${BASE_URL}/apps`, () =>
        errorResponse(
          503,
          'ServiceUnavailableError',
          'The ledger is unavailable',
        ),
      ),
    );
    await renderWithSlipway(<AppsPage />);
    expect(
      await screen.findByText('The ledger is unavailable'),
    ).toBeInTheDocument();
  });
});
