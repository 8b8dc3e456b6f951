import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { SettingsView } from './SettingsView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

const patches: unknown[] = [];
beforeEach(() => {
  patches.length = 0;
  backend.server.events.removeAllListeners();
  backend.server.events.on('request:start', async ({ request }) => {
    if (request.method === 'PATCH') patches.push(await request.clone().json());
  });
});

describe('RunAsRootSwitch', () => {
  it('is off for a new app and lets an owner allow root, saying what changes', async () => {
    const app = backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />);
    const toggle = await screen.findByRole('checkbox', { name: 'Run as root' });
    expect(toggle).not.toBeChecked();
    expect(
      screen.getByText(/run as uid 1000 with a read-only/),
    ).toBeInTheDocument();

    await userEvent.click(toggle);

    expect(
      await screen.findByText(
        'Processes now run as the image’s user, root allowed',
      ),
    ).toBeInTheDocument();
    expect(app.settings.runAsNonRoot).toBe(false);
    expect(patches).toEqual([{ runAsNonRoot: false }]);
    expect(screen.getByRole('checkbox', { name: 'Run as root' })).toBeChecked();
    expect(screen.getByText(/Pod Security "baseline"/)).toBeInTheDocument();
  });

  it('says root is not allowed on this platform and cannot be turned on there', async () => {
    const app = backend.fake.addApp('shop', { cluster: 'default' });
    backend.fake.rootAllowed = false;
    await renderWithSlipway(<SettingsView app="shop" />);
    expect(
      await screen.findByText(/Not allowed on this platform/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/slipway\.kubernetes\.pods\.allowRoot/),
    ).toBeInTheDocument();
    const toggle = screen.getByRole('checkbox', { name: 'Run as root' });
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeDisabled();
    expect(app.settings.runAsNonRoot).toBe(true);
    expect(patches).toEqual([]);
  });

  it('is disabled for users who may not update the app', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />, {
      grants: { update: false, delete: false },
    });
    expect(
      await screen.findByRole('checkbox', { name: 'Run as root' }),
    ).toBeDisabled();
  });
});
