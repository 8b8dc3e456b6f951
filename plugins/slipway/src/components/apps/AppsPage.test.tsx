import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { AppsPage } from './AppsPage';

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
  it('lists every app with owner, current release, status and links to its catalog page', async () => {
    seed();
    await renderWithSlipway(<AppsPage />);
    await screen.findByRole('table', { name: 'Apps' });

    expect(appNames()).toEqual(['shop', 'blog', 'billing']);
    const shop = screen.getByRole('row', { name: /^shop\b/ });
    expect(within(shop).getByRole('link', { name: 'shop' })).toHaveAttribute(
      'href',
      '/catalog/default/component/shop',
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
    await userEvent.type(
      screen.getByLabelText('Search apps'),
      'nothing-like-this',
    );
    expect(
      screen.getByText('No apps match these filters.'),
    ).toBeInTheDocument();
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
