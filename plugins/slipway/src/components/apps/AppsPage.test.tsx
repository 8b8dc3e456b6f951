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
    .map(row => within(row).getAllByRole('link')[0].textContent);

/** A filter's select (not the column header of the same name, which sorts). */
const filterSelect = (label: string) =>
  screen
    .getAllByRole('button', { name: new RegExp(label) })
    .find(el => el.getAttribute('aria-haspopup') === 'listbox')!;

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
    expect(
      within(shop).getByRole('link', { name: /^shop URL/ }),
    ).toHaveAttribute('href', 'http://shop.localhost:8080');
    expect(shop).toHaveTextContent('v2');
    expect(shop).toHaveTextContent('succeeded');
    expect(screen.getByRole('row', { name: /^billing\b/ })).toHaveTextContent(
      'pending',
    );
  });

  it('draws a sparkline of each visible app’s requests per hour, read for the page in one request', async () => {
    seed();
    backend.fake.requestTotals = (app, steps) =>
      app === 'shop'
        ? Array.from({ length: steps }, (_, i) => (i === 3 ? 1200 : 10))
        : new Array(steps).fill(0);
    await renderWithSlipway(<AppsPage />);
    const shop = await screen.findByRole('img', { name: /^shop: / });
    // 24 whole hours and the current one: 24 × 10 + 1,200.
    expect(shop).toHaveAccessibleName(
      'shop: 1,440 requests in the last 24 hours, at most 1,200 in an hour',
    );
    expect(screen.getByRole('img', { name: /^blog: / })).toHaveAccessibleName(
      'blog: no requests in the last 24 hours',
    );
    expect(backend.fake.requestTotalsQueries).toHaveLength(1);
    const query = backend.fake.requestTotalsQueries[0];
    expect(query.getAll('app').sort()).toEqual(['billing', 'blog', 'shop']);
    expect(query.get('step')).toBe('3600');
    expect(
      screen.getByRole('columnheader', { name: 'Requests, 24 h' }),
    ).toBeInTheDocument();
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
    await userEvent.click(filterSelect('Release status'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'pending' }),
    );
    expect(appNames()).toEqual(['billing']);

    await userEvent.click(filterSelect('Release status'));
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
    await userEvent.click(filterSelect('Release status'));
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

  it('offers an empty app and leads to the scaffolder for a template', async () => {
    await renderWithSlipway(<AppsPage />);
    expect(
      await screen.findByRole('button', { name: 'Create app' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'From a template' }),
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

  it('pages through every app with the total, 50 at a time, and back', async () => {
    for (let i = 0; i < 120; i++) {
      backend.fake.addApp(`app-${String(i).padStart(3, '0')}`);
    }
    await renderWithSlipway(<AppsPage />);
    // Text and label queries: role queries over 50 rows are slow in jsdom.
    expect(await screen.findByText('1-50 of 120')).toBeInTheDocument();
    expect(screen.getByText('app-049')).toBeInTheDocument();
    expect(screen.queryByText('app-050')).toBeNull();

    await userEvent.click(screen.getByLabelText('Next page'));
    expect(await screen.findByText('51-100 of 120')).toBeInTheDocument();
    expect(await screen.findByText('app-050')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Next page'));
    expect(await screen.findByText('101-120 of 120')).toBeInTheDocument();
    expect(await screen.findByText('app-119')).toBeInTheDocument();
    expect(screen.getByLabelText('Next page')).toBeDisabled();

    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('51-100 of 120')).toBeInTheDocument();
    expect(await screen.findByText('app-099')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Previous page'));
    expect(await screen.findByText('app-000')).toBeInTheDocument();
    const last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
    expect(last.get('cursor')).toBeNull();
  });

  it('sorts on the server by a column, a second click reversing it, from the first page', async () => {
    seed();
    await renderWithSlipway(<AppsPage />);
    await screen.findByRole('table', { name: 'Apps' });
    await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(appNames()).toEqual(['billing', 'shop', 'blog']),
    );
    let last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
    expect(last.get('sort')).toBe('owner');
    expect(last.get('order')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(appNames()).toEqual(['blog', 'shop', 'billing']),
    );
    last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
    expect(last.get('order')).toBe('desc');
    // Last deploy starts with the newest.
    await userEvent.click(screen.getByRole('button', { name: 'Last deploy' }));
    await waitFor(() => {
      last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
      expect(last.get('sort')).toBe('deployedAt');
      expect(last.get('order')).toBe('desc');
    });
  });

  it('reads search, filters, order and page from the URL, so a reload shows the same list', async () => {
    for (let i = 0; i < 60; i++) {
      backend.fake.addApp(`app-${String(i).padStart(3, '0')}`);
    }
    await renderWithSlipway(<AppsPage />, {
      routeEntries: [
        '/?q=app&status=succeeded&health=up&sort=health&order=desc&page=2&cursor=50',
      ],
    });
    await screen.findByRole('table', { name: 'Apps' });
    const first = backend.fake.appQueries[0];
    expect(Object.fromEntries(first)).toEqual({
      q: 'app',
      status: 'succeeded',
      health: 'up',
      sort: 'health',
      order: 'desc',
      limit: '50',
      cursor: '50',
    });
    expect(screen.getByLabelText('Search apps')).toHaveValue('app');
  });

  it('shows health apart from the release status: a crash-looping app is crashing, not "succeeded" only', async () => {
    seed();
    const shop = backend.fake.apps.get('shop')!;
    shop.app.health = 'crashing';
    backend.fake.apps.get('blog')!.app.health = 'up';
    backend.fake.apps.get('billing')!.app.health = 'maintenance';
    await renderWithSlipway(<AppsPage />);
    const row = await screen.findByRole('row', { name: /^shop\b/ });
    expect(within(row).getByText('succeeded')).toBeInTheDocument();
    expect(within(row).getByLabelText('health: crashing')).toBeInTheDocument();
    expect(
      within(screen.getByRole('row', { name: /^billing\b/ })).getByLabelText(
        'health: maintenance',
      ),
    ).toBeInTheDocument();

    await userEvent.click(filterSelect('Health'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'crashing' }),
    );
    await waitFor(() => expect(appNames()).toEqual(['shop']));
    const last = backend.fake.appQueries[backend.fake.appQueries.length - 1];
    expect(last.get('health')).toBe('crashing');
  });
});
