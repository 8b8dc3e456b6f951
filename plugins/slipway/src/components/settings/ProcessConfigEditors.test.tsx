import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { SettingsView } from './SettingsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

function seed() {
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node w.js' });
  app.config.limits = { web: { memory: '512Mi' } };
  return app;
}

describe('Limits, healthchecks and tags in Settings', () => {
  it('saves the limits of a process type as a release, checked by the API rules first', async () => {
    const app = seed();
    await renderWithSlipway(<SettingsView app="shop" />);
    const memory = await screen.findByLabelText('Memory limit of worker');
    const save = screen.getByRole('button', { name: 'Save limits of worker' });
    expect(screen.getByLabelText('Memory limit of web')).toHaveValue('512Mi');

    await userEvent.type(memory, '1GB');
    expect(
      screen.getByText(
        'Memory limit of "worker" must be a Kubernetes quantity like 512Mi or 1Gi',
      ),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();

    await userEvent.clear(memory);
    await userEvent.type(memory, '1Gi');
    await userEvent.type(screen.getByLabelText('CPU limit of worker'), '500m');
    await userEvent.click(save);

    expect(
      await screen.findByText(/^Saved limits of worker: created release v\d+$/),
    ).toBeInTheDocument();
    expect(app.config.limits).toEqual({
      web: { memory: '512Mi' },
      worker: { memory: '1Gi', cpu: '500m' },
    });
  });

  it('says what limits do where the app runs: enforced through cgroups locally, container limits on Kubernetes', async () => {
    seed();
    const local = await renderWithSlipway(<SettingsView app="shop" />);
    expect(
      await screen.findByText(/Enforced on this machine through cgroups/),
    ).toHaveTextContent(/cannot use cgroups .* refused/);
    local.unmount();

    const cluster = backend.fake.addApp('api', { cluster: 'production' });
    backend.fake.deploy(cluster, { web: 'node server.js' });
    await renderWithSlipway(<SettingsView app="api" />);
    expect(
      await screen.findByText(/Set as the limits of the app's containers/),
    ).toBeInTheDocument();
  });

  it('removes the limits of a type when both are emptied', async () => {
    const app = seed();
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.clear(await screen.findByLabelText('Memory limit of web'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Save limits of web' }),
    );
    expect(
      await screen.findByText(/^Removed limits of web: created release/),
    ).toBeInTheDocument();
    expect(app.config.limits).toEqual({});
  });

  it("shows the API's message when it refuses limits, and they stay", async () => {
    const app = seed();
    backend.server.use(
      http.patch(`${BASE_URL}/apps/shop/config`, () =>
        errorResponse(409, 'ConflictError', 'shop is being deleted'),
      ),
    );
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.type(await screen.findByLabelText('CPU limit of web'), '2');
    await userEvent.click(
      screen.getByRole('button', { name: 'Save limits of web' }),
    );
    expect(
      await screen.findByText('shop is being deleted'),
    ).toBeInTheDocument();
    expect(app.config.limits).toEqual({ web: { memory: '512Mi' } });
  });

  it('sets an http liveness probe for a type, refusing a path the API would refuse', async () => {
    const app = seed();
    await renderWithSlipway(<SettingsView app="shop" />);
    const web = await screen.findByRole('group', {
      name: 'Healthchecks of web',
    });
    const save = within(web).getByRole('button', {
      name: 'Save healthchecks of web',
    });
    await userEvent.selectOptions(
      within(web).getByLabelText('Kind of the liveness probe of "web"'),
      'http',
    );
    const path = within(web).getByLabelText(
      'Path of the liveness probe of "web"',
    );
    await userEvent.type(path, 'health');
    expect(
      within(web).getByText(
        'The liveness probe of "web" needs a path starting with "/" without spaces',
      ),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();

    await userEvent.clear(path);
    await userEvent.type(path, '/health');
    await userEvent.type(
      within(web).getByLabelText('Period (s) of the liveness probe of "web"'),
      '0',
    );
    expect(
      within(web).getByText('Period (s) must be a whole number from 1 to 3600'),
    ).toBeInTheDocument();
    await userEvent.clear(
      within(web).getByLabelText('Period (s) of the liveness probe of "web"'),
    );
    await userEvent.type(
      within(web).getByLabelText('Period (s) of the liveness probe of "web"'),
      '5',
    );
    await userEvent.click(save);

    expect(
      await screen.findByText(/^Saved healthchecks of web: created release/),
    ).toBeInTheDocument();
    expect(app.config.healthchecks).toEqual({
      web: { liveness: { type: 'http', path: '/health', periodSeconds: 5 } },
    });
  });

  it('sets and removes a tag', async () => {
    const app = seed();
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.type(await screen.findByLabelText('Tag'), '-disktype');
    expect(screen.getByText(/must be a label key/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set tag' })).toBeDisabled();

    await userEvent.clear(screen.getByLabelText('Tag'));
    await userEvent.type(screen.getByLabelText('Tag'), 'disktype');
    await userEvent.type(screen.getByLabelText('Value'), 'ssd');
    await userEvent.click(screen.getByRole('button', { name: 'Set tag' }));
    expect(
      await screen.findByText(/^Set tag disktype=ssd: created release/),
    ).toBeInTheDocument();
    expect(app.config.tags).toEqual({ disktype: 'ssd' });

    const chip = within(screen.getByLabelText('Tags')).getByRole('button', {
      name: 'disktype=ssd',
    });
    // A chip's delete key removes it, as its delete icon does.
    chip.focus();
    await userEvent.keyboard('{Delete}');
    await waitFor(() => expect(app.config.tags).toEqual({}));
    expect(
      await screen.findByText(/^Removed tag disktype: created release/),
    ).toBeInTheDocument();
  });
});
