import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { SettingsView } from './SettingsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

describe('Require approval', () => {
  it('is not offered for an app outside any pipeline (nothing is promoted to it)', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />);
    await screen.findByRole('button', { name: 'Save settings' });
    expect(
      screen.queryByRole('checkbox', { name: 'Require approval' }),
    ).not.toBeInTheDocument();
  });

  it('is staged and saved with its own button, like the router settings', async () => {
    const app = backend.fake.addApp('shop-prod');
    app.app.pipeline = { name: 'shop', stage: 'production' };
    await renderWithSlipway(<SettingsView app="shop-prod" />);
    const section = await screen.findByRole('region', { name: 'Promotions' });
    expect(section).toHaveTextContent(
      'shop-prod is the production app of pipeline shop.',
    );
    const save = within(section).getByRole('button', {
      name: 'Save approval setting',
    });
    expect(save).toBeDisabled();
    await userEvent.click(
      within(section).getByRole('checkbox', { name: 'Require approval' }),
    );
    // Not saved yet.
    expect(app.settings.requireApproval).toBe(false);
    await userEvent.click(save);
    expect(
      await screen.findByText('Promotions now wait for approval'),
    ).toBeInTheDocument();
    expect(app.settings.requireApproval).toBe(true);
  });

  it("shows the API's reason when nobody else could approve, and keeps the setting off", async () => {
    const app = backend.fake.addApp('solo');
    app.app.pipeline = { name: 'shop', stage: 'production' };
    backend.server.use(
      http.patch(`${BASE_URL}/apps/solo/settings`, () =>
        errorResponse(
          409,
          'ConflictError',
          'solo cannot require approval: the owner user:default/jane is a single user, who may not approve their own promotions; transfer the app to a group with at least two members first',
        ),
      ),
    );
    await renderWithSlipway(<SettingsView app="solo" />);
    const section = await screen.findByRole('region', { name: 'Promotions' });
    await userEvent.click(
      within(section).getByRole('checkbox', { name: 'Require approval' }),
    );
    await userEvent.click(
      within(section).getByRole('button', { name: 'Save approval setting' }),
    );
    expect(
      await screen.findByText(/the owner user:default\/jane is a single user/),
    ).toBeInTheDocument();
    expect(app.settings.requireApproval).toBe(false);
    await userEvent.click(
      within(section).getByRole('button', { name: 'Discard' }),
    );
    await waitFor(() =>
      expect(
        within(section).getByRole('checkbox', { name: 'Require approval' }),
      ).not.toBeChecked(),
    );
  });
});
