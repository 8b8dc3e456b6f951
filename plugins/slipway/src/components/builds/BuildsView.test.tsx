import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { BuildsView } from './BuildsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

describe('BuildsView', () => {
  it('lists builds with status and shows a build log on demand', async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.deploy(app, { web: 'node server.js' }, 'aaaaaaa1111');
    backend.fake.deploy(app, { web: 'node server.js' }, 'bbbbbbb2222');
    app.builds[0].status = 'failed';
    app.builds[0].log = '-----> npm install\nnpm ERR! missing script: start';

    await renderWithSlipway(<BuildsView app="shop" />);
    const table = await screen.findByRole('table', { name: 'Builds' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('bbbbbbb');
    expect(rows[0]).toHaveTextContent('failed');
    expect(rows[1]).toHaveTextContent('aaaaaaa');
    expect(rows[1]).toHaveTextContent('succeeded');
    expect(screen.queryByRole('log')).not.toBeInTheDocument();

    await userEvent.click(
      within(rows[0]).getByRole('button', { name: /Show log of build/ }),
    );
    // In a dialog, so it is in view whatever the list's scroll position.
    const dialog = await screen.findByRole('dialog', { name: /Build/ });
    const log = await within(dialog).findByRole('log', { name: 'Build log' });
    expect(log).toHaveTextContent('npm ERR! missing script: start');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows a slug by its first 12 characters, the whole image on hover', async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.deploy(app, { web: 'node server.js' }, 'eeeeeee5555');
    const slug = `slug:${'ab12'.repeat(16)}`;
    app.builds[0].image = slug;
    await renderWithSlipway(<BuildsView app="shop" />);
    const table = await screen.findByRole('table', { name: 'Builds' });
    const cell = within(table).getByTitle(slug);
    expect(cell).toHaveTextContent(/^slug:ab12ab12ab12$/);
  });

  it('labels a running build "building", not "pending"', async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.deploy(app, { web: 'node server.js' }, 'ddddddd4444');
    app.builds[0].status = 'pending';
    await renderWithSlipway(<BuildsView app="shop" />);
    const table = await screen.findByRole('table', { name: 'Builds' });
    expect(await within(table).findByText('building')).toBeInTheDocument();
    expect(within(table).queryByText('pending')).not.toBeInTheDocument();
  });

  it('keeps a running build live: its status and log are read again until it ends', async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.deploy(app, { web: 'node server.js' }, 'ccccccc3333');
    app.builds[0].status = 'pending';
    app.builds[0].log = '-----> Building\n';

    await renderWithSlipway(<BuildsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: /Show log of build/ }),
    );
    expect(
      await screen.findByRole('log', { name: 'Build log' }),
    ).toHaveTextContent('-----> Building');

    app.builds[0].log = '-----> Building\n-----> Pushed image\n';
    app.builds[0].status = 'succeeded';
    expect(
      await screen.findByText(/Pushed image/, {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    const table = await screen.findByRole('table', { name: 'Builds' });
    await within(table).findByText('succeeded', {}, { timeout: 5000 });
  });

  it('says how to build when there are no builds', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<BuildsView app="shop" />);
    expect(await screen.findByText(/No builds yet/)).toBeInTheDocument();
  });

  it("shows the API's message when a build log cannot be read", async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.deploy(app, { web: 'node server.js' });
    backend.server.use(
      http.get(`${BASE_URL}/apps/shop/builds/:id`, () =>
        errorResponse(
          404,
          'NotFoundError',
          'The build log was garbage-collected',
        ),
      ),
    );
    await renderWithSlipway(<BuildsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: /Show log of build/ }),
    );
    expect(
      await screen.findByText('The build log was garbage-collected'),
    ).toBeInTheDocument();
  });

  it('deploys a prebuilt image as a new release', async () => {
    const app = backend.fake.addApp('shop', { cluster: 'default' });
    await renderWithSlipway(<BuildsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Image'),
      'registry.example.com/shop:1.2.3',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Deploy image' }));

    expect(
      await screen.findByText('Deployed: created release v2'),
    ).toBeInTheDocument();
    expect(app.releases[0]).toMatchObject({
      version: 2,
      summary: 'deployed registry.example.com/shop:1.2.3',
    });
    const table = await screen.findByRole('table', { name: 'Builds' });
    expect(table).toHaveTextContent('registry.example.com/shop:1.2.3');
    expect(screen.getByLabelText('Image')).toHaveValue('');
  });

  it("shows the API's message when the image is refused, and nothing is deployed", async () => {
    const app = backend.fake.addApp('shop', { cluster: 'default' });
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop/builds`, () =>
        errorResponse(
          400,
          'InputError',
          'The registry does not know registry.example.com/nope',
        ),
      ),
    );
    await renderWithSlipway(<BuildsView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Image'),
      'registry.example.com/nope',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Deploy image' }));

    expect(
      await screen.findByText(
        'The registry does not know registry.example.com/nope',
      ),
    ).toBeInTheDocument();
    expect(app.releases).toHaveLength(1);
    expect(screen.getByLabelText('Image')).toHaveValue(
      'registry.example.com/nope',
    );
  });

  it('does not offer deploying an image on the local runtime, and says why', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<BuildsView app="shop" />);
    expect(
      await screen.findByRole('alert', {
        name: 'Deploying an image is not available',
      }),
    ).toHaveTextContent('needs a Kubernetes cluster');
    const button = screen.getByRole('button', { name: 'Deploy image' });
    expect(button).toBeDisabled();
    expect(button.getAttribute('title')).toMatch(/local runtime/);
    expect(screen.getByLabelText('Image')).toBeDisabled();
  });

  it('shows a running build with its log so far, growing without a reload', async () => {
    const app = backend.fake.addApp('shop', { cluster: 'default' });
    backend.fake.deploy(app, { web: 'node server.js' }, 'ccccccc3333');
    app.builds[0].status = 'pending'; // what the backend says while a build runs
    app.builds[0].log = '-----> Installing dependencies';
    const signals = new FakeSignals();
    await renderWithSlipway(<BuildsView app="shop" />, { signals });
    await userEvent.click(
      await screen.findByRole('button', { name: /Show log of build/ }),
    );
    expect(await screen.findByRole('log')).toHaveTextContent(
      'Installing dependencies',
    );
    app.builds[0].log += '\n-----> Build succeeded';
    app.builds[0].status = 'succeeded';
    signals.publish('slipway:app:shop', { app: 'shop' });
    expect(await screen.findByText(/Build succeeded/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Builds' })).getAllByRole(
          'row',
        )[1],
      ).toHaveTextContent('succeeded'),
    );
  });

  it('disables deploying with the reason for users who may not update the app', async () => {
    backend.fake.addApp('shop', { cluster: 'default' });
    await renderWithSlipway(<BuildsView app="shop" />, {
      grants: { update: false },
    });
    const button = await screen.findByRole('button', { name: 'Deploy image' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute(
      'title',
      'Only the owners of shop can deploy it',
    );
    expect(screen.getByLabelText('Image')).toBeDisabled();
  });
});
