import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { OverviewCard } from './OverviewCard';

jest.setTimeout(60_000);

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

  it('tells how to push an existing repository to an empty app: add the remote and push', async () => {
    backend.fake.addApp('fresh');
    await renderWithSlipway(<OverviewCard app="fresh" />);
    expect(
      await screen.findByText(/This app has no code yet/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Push command')).toHaveTextContent(
      'git push slipway main',
    );
    expect(
      screen.queryByLabelText('Force push command'),
    ).not.toBeInTheDocument();
  });

  it('tells how to push an existing repository when the remote already has commits: merge, or --force', async () => {
    seed();
    await renderWithSlipway(<OverviewCard app="shop" />);
    expect(
      await screen.findByText(/a push of unrelated history is\s+rejected/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Merge and push command')).toHaveTextContent(
      'git merge --allow-unrelated-histories slipway/main',
    );
    expect(screen.getByLabelText('Force push command')).toHaveTextContent(
      'git push --force slipway main',
    );
  });

  it('creates a named deploy token, shows it once and lists it', async () => {
    const app = seed();
    await renderWithSlipway(<OverviewCard app="shop" />);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Create deploy token' }),
    );
    const naming = await screen.findByRole('dialog', {
      name: 'New deploy token',
    });
    expect(
      within(naming).getByRole('button', { name: 'Create token' }),
    ).toBeDisabled();
    await userEvent.type(within(naming).getByLabelText(/Description/), 'CI');
    await userEvent.click(
      within(naming).getByRole('button', { name: 'Create token' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Your deploy token',
    });
    expect(within(dialog).getByLabelText('Deploy token')).toHaveValue(
      'slp_secret_1',
    );
    expect(within(dialog).getByText(/shown only once/)).toBeInTheDocument();
    expect(app.tokens).toEqual([
      expect.objectContaining({ description: 'CI' }),
    ]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(screen.queryByText('slp_secret_1')).not.toBeInTheDocument();
    const row = within(
      screen.getByRole('table', { name: 'Deploy tokens' }),
    ).getByRole('row', { name: /CI/ });
    expect(row).toHaveTextContent('jane');
    expect(row).toHaveTextContent('never');
  });

  it('revokes a token only after confirmation', async () => {
    const app = seed();
    app.tokens.push(
      {
        id: 't1',
        app: 'shop',
        description: 'laptop',
        createdBy: 'user:default/jane',
        createdAt: '2026-11-20T10:00:00.000Z',
        lastUsedAt: '2026-11-21T10:00:00.000Z',
        expiresAt: '2027-02-18T10:00:00.000Z',
      },
      {
        id: 't2',
        app: 'shop',
        description: 'CI',
        createdBy: 'user:default/jane',
        createdAt: '2026-11-20T10:00:00.000Z',
        expiresAt: '2027-02-18T10:00:00.000Z',
      },
    );
    await renderWithSlipway(<OverviewCard app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Revoke token "laptop"' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Revoke token "laptop"?',
    });
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(app.tokens).toHaveLength(2);

    await userEvent.click(
      screen.getByRole('button', { name: 'Revoke token "laptop"' }),
    );
    await userEvent.click(
      within(
        await screen.findByRole('dialog', { name: 'Revoke token "laptop"?' }),
      ).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Revoke token "laptop"' }),
      ).not.toBeInTheDocument(),
    );
    expect(app.tokens.map(t => t.id)).toEqual(['t2']);
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
    await userEvent.type(
      within(
        await screen.findByRole('dialog', { name: 'New deploy token' }),
      ).getByLabelText(/Description/),
      'CI',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Create token' }));

    expect(
      await screen.findByText('You may not create tokens for shop'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('dialog', { name: 'Your deploy token' }),
    ).not.toBeInTheDocument();
    expect(app.tokens).toHaveLength(0);
  });

  it('keeps a failed deploy after a good one in plain sight, with its reason', async () => {
    const app = seed();
    backend.fake.deploy(app, { web: 'node broken.js' }, 'deadbeef0000');
    app.releases[0].status = 'failed';
    app.releases[0].reason = 'web did not become ready within 120 s';
    await renderWithSlipway(<OverviewCard app="shop" />);

    const alert = await screen.findByRole('alert', { name: 'v3 failed' });
    expect(alert).toHaveTextContent(
      'v3 failed: web did not become ready within 120 s. v2 keeps serving.',
    );
  });

  it('shows a failed build with the end of its log, and crash-looping processes', async () => {
    const app = seed();
    app.builds.unshift({
      id: 'b9',
      app: 'shop',
      image: '',
      sha: 'cafebabe1234',
      procfile: {},
      status: 'failed',
      createdBy: 'user:default/jane',
      createdAt: '2026-11-20T10:00:00.000Z',
      log: Array.from({ length: 30 }, (_, i) => `line ${i + 1}`)
        .concat('npm ERR! missing script: start')
        .join('\n'),
    });
    await renderWithSlipway(<OverviewCard app="shop" />);

    const build = await screen.findByRole('alert', { name: 'Failed build' });
    expect(build).toHaveTextContent('The newest build failed (cafebab)');
    const log = within(build).getByLabelText('End of the build log');
    expect(log).toHaveTextContent('npm ERR! missing script: start');
    expect(log).toHaveTextContent('line 30');
    expect(log).not.toHaveTextContent('line 5\n');
    expect(log.textContent!.split('\n')).toHaveLength(12);

    expect(
      screen.getByRole('alert', { name: 'worker.1 is crash-looping' }),
    ).toHaveTextContent('worker.1 keeps crashing (3 restarts)');
  });

  it('updates when a signal says the app changed elsewhere', async () => {
    const app = seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<OverviewCard app="shop" />, { signals });
    const types = await screen.findByRole('table', { name: 'Process types' });
    expect(signals.channels).toContain('slipway:app:shop');

    app.processes[1].state = 'up';
    backend.fake.release(app, {
      summary: 'rolled back to v1',
      status: 'pending',
    });
    signals.publish('slipway:app:shop', { app: 'shop' });
    await waitFor(() =>
      expect(within(types).getByRole('row', { name: /web/ })).toHaveTextContent(
        '2 up',
      ),
    );
    expect(
      screen.getByText('rolled back to v1', { exact: false }),
    ).toBeInTheDocument();
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

  it('shows health apart from the release: crashing with the processes, maintenance mode', async () => {
    const app = seed();
    app.app.health = 'crashing';
    app.app.healthSince = new Date().toISOString();
    const { unmount } = await renderWithSlipway(<OverviewCard app="shop" />);
    expect(
      await screen.findByLabelText('health: crashing'),
    ).toBeInTheDocument();
    expect(screen.getByRole('alert', { name: 'Crashing' })).toHaveTextContent(
      'worker.1 keeps exiting',
    );
    unmount();

    app.app.health = 'maintenance';
    await renderWithSlipway(<OverviewCard app="shop" />);
    expect(
      await screen.findByRole('alert', { name: 'Maintenance mode' }),
    ).toHaveTextContent('Maintenance mode is on');
  });

  it('never shows a release still rolling out as the current one', async () => {
    const app = seed();
    backend.fake.deploy(app, { web: 'node next.js' }, 'cafe00000000');
    app.releases[0].status = 'pending';
    await renderWithSlipway(<OverviewCard app="shop" />);
    const current = await screen.findByRole('heading', {
      name: 'Current release',
    });
    await waitFor(() => expect(current.parentElement).toHaveTextContent('v2'));
    expect(current.parentElement).not.toHaveTextContent('v3');
    const newest = screen.getByRole('heading', { name: 'Newest release' });
    expect(newest.parentElement).toHaveTextContent('v3');
    expect(newest.parentElement).toHaveTextContent('pending');
  });
});
