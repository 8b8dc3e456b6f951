import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { OverviewCard } from './OverviewCard';

const backend = setupFakeSlipway();

function seed() {
  const app = backend.fake.addApp('shop', { structure: {} });
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node worker.js' });
  app.app.structure = { web: 2, worker: 1 };
  app.processes = [
    { name: 'web.1', type: 'web', release: 2, state: 'up', restarts: 0 },
    { name: 'web.2', type: 'web', release: 2, state: 'starting', restarts: 0 },
    {
      name: 'worker.1',
      type: 'worker',
      release: 2,
      state: 'crashed',
      restarts: 3,
    },
  ];
  app.domains = [
    {
      app: 'shop',
      domain: 'shop.example.com',
      createdBy: 'x',
      createdAt: '2026-11-20T10:00:00Z',
    },
  ];
  return app;
}

describe('OverviewCard', () => {
  it('shows URL, current release, process types with state, domains and the git remote command', async () => {
    seed();
    await renderWithSlipway(<OverviewCard app="shop" />);

    expect(
      await screen.findByRole('link', {
        name: /http:\/\/shop\.localhost:8080/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('v2')).toBeInTheDocument();
    expect(screen.getByText('succeeded')).toBeInTheDocument();
    expect(screen.getByText(/deployed 1a2b3c4/)).toBeInTheDocument();

    const types = screen.getByRole('table', { name: 'Process types' });
    const web = within(types).getByRole('row', { name: /web/ });
    expect(within(web).getByText('2')).toBeInTheDocument();
    expect(within(web).getByText('1 up, 1 starting')).toBeInTheDocument();
    expect(
      within(types).getByRole('row', { name: /worker/ }),
    ).toHaveTextContent('1 crashed');

    expect(
      within(screen.getByRole('list', { name: 'Domains' })).getByText(
        'shop.example.com',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Git remote command')).toHaveTextContent(
      'git remote add slipway http://localhost:7007/api/slipway/git/shop.git',
    );
    expect(
      screen.getByRole('button', { name: 'Copy git remote command' }),
    ).toBeInTheDocument();
  });

  it('creates a deploy token and shows it once', async () => {
    const app = seed();
    await renderWithSlipway(<OverviewCard app="shop" />);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create deploy token' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Your deploy token',
    });
    expect(within(dialog).getByLabelText('Deploy token')).toHaveValue(
      'slp_secret_1',
    );
    expect(within(dialog).getByText(/shown only once/)).toBeInTheDocument();
    expect(app.tokens).toHaveLength(1);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.queryByText('slp_secret_1')).not.toBeInTheDocument();
  });

  it("shows the API's message when the token cannot be created", async () => {
    const app = seed();
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop/tokens`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'You may not create tokens for shop',
        ),
      ),
    );
    await renderWithSlipway(<OverviewCard app="shop" />);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create deploy token' }),
    );

    expect(
      await screen.findByText('You may not create tokens for shop'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(app.tokens).toHaveLength(0);
  });

  it('disables token creation with the reason for users who may not update the app', async () => {
    seed();
    await renderWithSlipway(<OverviewCard app="shop" />, {
      grants: { update: false },
    });

    const button = await screen.findByRole('button', {
      name: 'Create deploy token',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute(
      'title',
      'Only the owners of shop can create deploy tokens',
    );
  });

  it("shows the API's message when the app does not exist", async () => {
    await renderWithSlipway(<OverviewCard app="ghost" />);
    expect(await screen.findByText('No app named ghost')).toBeInTheDocument();
  });
});
