import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { SettingsView } from './SettingsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

const requestBodies: unknown[] = [];
beforeEach(() => {
  requestBodies.length = 0;
  backend.server.events.removeAllListeners();
  backend.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH')
      requestBodies.push(await request.clone().json());
  });
});

describe('SettingsView', () => {
  it('saves only what changed: maintenance, HTTPS only, HSTS and the allowlist', async () => {
    const app = backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />);

    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'Maintenance mode' }),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'HTTPS only' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'HSTS' }));
    const maxAge = screen.getByLabelText('HSTS max age (seconds)');
    await userEvent.clear(maxAge);
    await userEvent.type(maxAge, '600');
    await userEvent.type(screen.getByLabelText('CIDR'), '10.0.0.0/8');
    await userEvent.click(screen.getByRole('button', { name: 'Allow' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Save settings' }),
    );

    expect(
      await screen.findByText(
        'Saved maintenance on, HTTPS only on, allowlist, HSTS',
      ),
    ).toBeInTheDocument();
    expect(app.settings).toMatchObject({
      maintenance: true,
      httpsOnly: true,
      allowlist: ['10.0.0.0/8'],
      hsts: {
        enabled: true,
        maxAge: 600,
        includeSubdomains: false,
        preload: false,
      },
      autoTls: false,
    });
    expect(requestBodies).toEqual([
      {
        maintenance: true,
        httpsOnly: true,
        allowlist: ['10.0.0.0/8'],
        hsts: { enabled: true, maxAge: 600 },
      },
    ]);
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Save settings' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByRole('checkbox', { name: 'Maintenance mode' }),
    ).toBeChecked();
  });

  it('checks CIDRs before adding them to the allowlist', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.type(await screen.findByLabelText('CIDR'), '10.0.0.0/33');
    expect(screen.getByRole('button', { name: 'Allow' })).toBeDisabled();
    expect(screen.getByText(/10\.0\.0\.0\/33/)).toBeInTheDocument();
  });

  it("shows the API's message when the settings are refused, and they stay as they were", async () => {
    const app = backend.fake.addApp('shop');
    backend.server.use(
      http.patch(`${BASE_URL}/apps/shop/settings`, () =>
        errorResponse(
          400,
          'InputError',
          'HTTPS only needs a certificate or automatic TLS',
        ),
      ),
    );
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('checkbox', { name: 'HTTPS only' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Save settings' }),
    );

    expect(
      await screen.findByText(
        'HTTPS only needs a certificate or automatic TLS',
      ),
    ).toBeInTheDocument();
    expect(app.settings.httpsOnly).toBe(false);
    expect(screen.getByRole('checkbox', { name: 'HTTPS only' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeEnabled();
  });

  it('disables changes with the reason for users who may not update the app', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />, {
      grants: { update: false, delete: false },
    });
    await screen.findByRole('checkbox', { name: 'Maintenance mode' });

    expect(
      screen.getByText('Only the owners of shop can change its settings'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: 'Maintenance mode' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Save settings' }),
    ).toBeDisabled();
    const destroy = screen.getByRole('button', { name: 'Delete shop' });
    expect(destroy).toBeDisabled();
    expect(destroy).toHaveAttribute(
      'title',
      'Only the owners of shop can delete it',
    );
  });

  it('deletes the app only after its name is typed, then goes to the Apps page', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(
      <Routes>
        <Route path="/slipway" element={<p>The Apps page</p>} />
        <Route path="*" element={<SettingsView app="shop" />} />
      </Routes>,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete shop' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Delete shop?' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete app' });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('App name'), 'sho');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('App name'), 'p');
    await userEvent.click(confirm);

    // The deleted app's page with its live controls is left behind.
    expect(await screen.findByText('The Apps page')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete shop' })).toBeNull();
    expect(backend.fake.apps.has('shop')).toBe(false);
  });

  it('transfers ownership to a User or Group picked from the catalog, after a confirmation', async () => {
    const app = backend.fake.addApp('shop', { owner: 'group:default/team-a' });
    await renderWithSlipway(<SettingsView app="shop" />);
    expect(
      await screen.findByText(/Owned by group:default\/team-a/),
    ).toBeInTheDocument();
    const transfer = screen.getByRole('button', { name: 'Transfer' });
    expect(transfer).toBeDisabled();

    // Only what the catalog has is offered (no free text); the current owner is not.
    const field = screen.getByRole('textbox', { name: 'New owner' });
    await userEvent.click(field);
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Team B (group:default/team-b)',
      'Ann (user:default/ann)',
      'Jane (user:default/jane)',
    ]);
    await userEvent.type(field, 'no-such-team');
    expect(
      await screen.findByText('No User or Group of the catalog matches'),
    ).toBeInTheDocument();
    expect(transfer).toBeDisabled();

    await userEvent.clear(field);
    await userEvent.type(field, 'Team B');
    await userEvent.click(
      await screen.findByRole('option', {
        name: 'Team B (group:default/team-b)',
      }),
    );
    await userEvent.click(transfer);
    const dialog = await screen.findByRole('dialog', {
      name: 'Transfer shop to group:default/team-b?',
    });
    expect(app.app.owner).toBe('group:default/team-a');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Transfer' }),
    );
    expect(
      await screen.findByText('shop now belongs to group:default/team-b'),
    ).toBeInTheDocument();
    expect(app.app.owner).toBe('group:default/team-b');
  });

  it("shows the API's message when deletion is refused, and the app stays", async () => {
    backend.fake.addApp('shop');
    backend.server.use(
      http.delete(`${BASE_URL}/apps/shop`, () =>
        errorResponse(
          403,
          'NotAllowedError',
          'Only the owners of shop may delete it',
        ),
      ),
    );
    await renderWithSlipway(<SettingsView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete shop' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('App name'), 'shop');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete app' }),
    );

    expect(
      await screen.findByText('Only the owners of shop may delete it'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(backend.fake.apps.has('shop')).toBe(true);
    expect(screen.getByRole('button', { name: 'Delete shop' })).toBeEnabled();
  });
});
