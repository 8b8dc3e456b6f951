import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { ReleasesView } from './ReleasesView';

const backend = setupFakeSlipway();

/** v1 created, v2 deployed, v3 sets DATABASE_URL, v4 failed, v5 changes DATABASE_URL and adds DEBUG. */
function seed() {
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js' });
  backend.fake.release(app, {
    summary: 'jane@ added DATABASE_URL',
    config: { ...app.config, values: { DATABASE_URL: 'postgres://one' } },
  });
  backend.fake.release(app, { summary: 'deployed 9f9f9f9', status: 'failed' });
  app.releases[0].reason = 'web did not become ready in 120s';
  backend.fake.release(app, {
    summary: 'jane@ changed DATABASE_URL, added DEBUG',
    createdBy: 'user:default/bob',
    config: {
      ...app.config,
      values: { DATABASE_URL: 'postgres://two', DEBUG: '1' },
    },
  });
  return app;
}

const row = (version: number) =>
  screen.getByRole('row', { name: new RegExp(`^v${version}\\b`) });

describe('ReleasesView', () => {
  it('shows a pending release as succeeded once a signal says it changed', async () => {
    const app = seed();
    backend.fake.release(app, {
      summary: 'rolled back to v3',
      status: 'pending',
    });
    const signals = new FakeSignals();
    await renderWithSlipway(<ReleasesView app="shop" />, { signals });
    await screen.findByRole('table', { name: 'Releases' });
    expect(row(6)).toHaveTextContent('pending');

    app.releases[0].status = 'succeeded';
    signals.publish('slipway:app:shop', { app: 'shop' });
    await waitFor(() => expect(row(6)).toHaveTextContent('succeeded'));
  });

  it("links each release to the Logs tab at that release's time", async () => {
    const app = seed();
    await renderWithSlipway(<ReleasesView app="shop" />);
    await screen.findByRole('table', { name: 'Releases' });
    const link = within(row(3)).getByRole('link', {
      name: 'Logs of release v3',
    });
    const v3 = app.releases.find(r => r.version === 3)!;
    const href = new URL(link.getAttribute('href')!, 'http://portal.test');
    expect(href.pathname).toMatch(/\/logs$/);
    expect(href.searchParams.get('at')).toBe(v3.createdAt);
    expect(href.searchParams.get('release')).toBe('3');
  });

  it('lists the ledger newest first with who, what and status', async () => {
    seed();
    await renderWithSlipway(<ReleasesView app="shop" />);

    const table = await screen.findByRole('table', { name: 'Releases' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['v5 (current)', 'v4', 'v3', 'v2', 'v1']);
    expect(row(5)).toHaveTextContent('jane@ changed DATABASE_URL, added DEBUG');
    expect(row(5)).toHaveTextContent('bob');
    expect(row(5)).not.toHaveTextContent('user:default/bob');
    expect(row(4)).toHaveTextContent('failed');
    expect(row(4)).toHaveTextContent('web did not become ready in 120s');
  });

  it('offers rollback only to releases that can be rolled back to', async () => {
    seed();
    await renderWithSlipway(<ReleasesView app="shop" />);
    await screen.findByRole('table', { name: 'Releases' });

    expect(
      within(row(3)).getByRole('button', { name: 'Roll back to v3' }),
    ).toBeEnabled();
    expect(
      within(row(2)).getByRole('button', { name: 'Roll back to v2' }),
    ).toBeEnabled();
    expect(within(row(5)).queryByRole('button')).not.toBeInTheDocument(); // current
    expect(within(row(4)).queryByRole('button')).not.toBeInTheDocument(); // failed
    expect(within(row(1)).queryByRole('button')).not.toBeInTheDocument(); // nothing to run
  });

  it('confirms a rollback naming what will change, then shows the new release', async () => {
    const app = seed();
    await renderWithSlipway(<ReleasesView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to v3' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back shop to v3?',
    });
    const changes = await within(dialog).findByRole('table', {
      name: 'Changes from v5 to v3',
    });
    expect(
      within(changes).getByRole('row', { name: /DATABASE_URL/ }),
    ).toHaveTextContent('"postgres://two""postgres://one"');
    expect(
      within(changes).getByRole('row', { name: /DEBUG/ }),
    ).toHaveTextContent('removed');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back to v3' }),
    );

    expect(
      await screen.findByText('Rolled back to v3: created release v6'),
    ).toBeInTheDocument();
    expect(app.releases[0]).toMatchObject({
      version: 6,
      summary: 'rolled back to v3',
    });
    await waitFor(() => expect(row(6)).toHaveTextContent('v6 (current)'));
  });

  it('cancelling the confirmation changes nothing', async () => {
    const app = seed();
    await renderWithSlipway(<ReleasesView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to v2' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(app.releases).toHaveLength(5);
    expect(backend.fake.requests).not.toContain(
      'POST /apps/shop/releases/rollback',
    );
  });

  it("shows the API's message when the rollback is refused, and the ledger stays as it was", async () => {
    const app = seed();
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop/releases/rollback`, () =>
        errorResponse(
          409,
          'ConflictError',
          'Another release of shop is in progress',
        ),
      ),
    );
    await renderWithSlipway(<ReleasesView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Roll back to v3' }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByRole('table');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back to v3' }),
    );

    expect(
      await screen.findByText('Another release of shop is in progress'),
    ).toBeInTheDocument();
    expect(app.releases).toHaveLength(5);
    expect(row(5)).toHaveTextContent('v5 (current)');
    expect(screen.queryByText(/Rolled back/)).not.toBeInTheDocument();
  });

  it('disables rollback with the reason for users who may not update the app', async () => {
    seed();
    await renderWithSlipway(<ReleasesView app="shop" />, {
      grants: { update: false },
    });
    const button = await screen.findByRole('button', {
      name: 'Roll back to v3',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute(
      'title',
      'Only the owners of shop can roll back its releases',
    );
    expect(
      screen.getByText('Only the owners of shop can roll back its releases'),
    ).toBeInTheDocument();
  });

  it('compares any two releases, with secrets masked for users who may not read config', async () => {
    const app = seed();
    backend.fake.revealConfig = false;
    void app;
    await renderWithSlipway(<ReleasesView app="shop" />, {
      grants: { configRead: false },
    });
    await screen.findByRole('table', { name: 'Releases' });

    await userEvent.click(screen.getByRole('button', { name: /From release/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'v2' }));
    await userEvent.click(screen.getByRole('button', { name: /To release/ }));
    await userEvent.click(await screen.findByRole('option', { name: 'v5' }));
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));

    const diff = await screen.findByRole('table', {
      name: 'Changes from v2 to v5',
    });
    const url = within(diff).getByRole('row', { name: /DATABASE_URL/ });
    expect(url).toHaveTextContent('added');
    expect(url).toHaveTextContent('****');
    expect(diff).not.toHaveTextContent('postgres://');
  });

  it('compares the two newest releases by default, and the defaults follow a new release', async () => {
    const app = seed();
    const signals = new FakeSignals();
    await renderWithSlipway(<ReleasesView app="shop" />, { signals });
    expect(
      await screen.findByRole('button', { name: /From release/ }),
    ).toHaveTextContent('v4');
    expect(
      screen.getByRole('button', { name: /To release/ }),
    ).toHaveTextContent('v5');
    backend.fake.release(app, { summary: 'jane@ added CACHE' });
    signals.publish('slipway:app:shop', { app: 'shop' });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: /To release/ }),
      ).toHaveTextContent('v6'),
    );
    expect(
      screen.getByRole('button', { name: /From release/ }),
    ).toHaveTextContent('v5');
  });

  it("shows the API's message when a diff fails", async () => {
    seed();
    backend.server.use(
      http.get(`${BASE_URL}/apps/shop/releases/:a/diff/:b`, () =>
        errorResponse(400, 'InputError', 'Releases must be numbers'),
      ),
    );
    await renderWithSlipway(<ReleasesView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Compare' }),
    );
    expect(
      await screen.findByText('Releases must be numbers'),
    ).toBeInTheDocument();
  });
});
