import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { ActionScope } from '../shared';
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

const field = (label: string) => screen.getByLabelText(label);

async function retype(label: string, text: string) {
  await userEvent.clear(field(label));
  await userEvent.type(field(label), text);
}

describe('Timeouts and approvals in Settings', () => {
  it('saves only the changed timeouts and body size, checked by the API rules first', async () => {
    const app = backend.fake.addApp('shop');
    await renderWithSlipway(<SettingsView app="shop" />);
    await screen.findByLabelText('Connect timeout (seconds)');
    const save = screen.getByRole('button', { name: 'Save timeouts' });
    expect(save).toBeDisabled();

    await retype('Connect timeout (seconds)', '100');
    expect(
      screen.getByText('Connect timeout must be a whole number from 1 to 75'),
    ).toBeInTheDocument();
    await retype('Maximum request body', '0');
    expect(
      screen.getByText(/bodySize must be a size like 512k/),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    expect(patches).toEqual([]);

    await retype('Connect timeout (seconds)', '45');
    await retype('Maximum request body', '20m');
    await userEvent.click(save);

    expect(
      await screen.findByText('Saved connect timeout, maximum request body'),
    ).toBeInTheDocument();
    expect(patches).toEqual([{ connectTimeout: 45, bodySize: '20m' }]);
    expect(app.settings).toMatchObject({ connectTimeout: 45, bodySize: '20m' });
    expect(field('Connect timeout (seconds)')).toHaveValue('45');
    expect(save).toBeDisabled();
  });

  it("shows the API's message when it refuses the timeouts, and keeps what was typed", async () => {
    const app = backend.fake.addApp('shop');
    const before = app.settings.readTimeout;
    backend.server.use(
      http.patch(`${BASE_URL}/apps/shop/settings`, () =>
        errorResponse(400, 'InputError', 'readTimeout must be <= 3600'),
      ),
    );
    await renderWithSlipway(<SettingsView app="shop" />);
    await screen.findByLabelText('Read timeout (seconds)');
    await retype('Read timeout (seconds)', '120');
    await userEvent.click(
      screen.getByRole('button', { name: 'Save timeouts' }),
    );

    expect(
      await screen.findByText('readTimeout must be <= 3600'),
    ).toBeInTheDocument();
    expect(app.settings.readTimeout).toBe(before);
    expect(field('Read timeout (seconds)')).toHaveValue('120');
  });

  it('turns required approval on for an app in a pipeline, saved with its own button', async () => {
    const app = backend.fake.addApp('shop');
    app.app.pipeline = { name: 'shop', stage: 'production' };
    await renderWithSlipway(<SettingsView app="shop" />);
    const toggle = await screen.findByRole('checkbox', {
      name: 'Require approval',
    });
    expect(toggle).not.toBeChecked();
    expect(
      screen.getByText(/a promotion into shop waits until a different member/),
    ).toBeInTheDocument();

    await userEvent.click(toggle);
    await userEvent.click(
      screen.getByRole('button', { name: 'Save approval setting' }),
    );

    expect(
      await screen.findByText('Promotions now wait for approval'),
    ).toBeInTheDocument();
    expect(app.settings.requireApproval).toBe(true);
    expect(patches).toEqual([{ requireApproval: true }]);
    expect(
      screen.getByRole('checkbox', { name: 'Require approval' }),
    ).toBeChecked();
  });

  it('shows the message of the latest action only', async () => {
    backend.fake.addApp('shop').app.pipeline = {
      name: 'shop',
      stage: 'production',
    };
    await renderWithSlipway(
      <ActionScope>
        <SettingsView app="shop" />
      </ActionScope>,
    );
    await screen.findByLabelText('Send timeout (seconds)');
    await retype('Send timeout (seconds)', '90');
    await userEvent.click(
      screen.getByRole('button', { name: 'Save timeouts' }),
    );
    expect(await screen.findByText('Saved send timeout')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Require approval' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Save approval setting' }),
    );
    expect(
      await screen.findByText('Promotions now wait for approval'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Saved send timeout')).toBeNull();
  });

  it('disables the timeouts and approvals with the reason for users who may not update the app', async () => {
    backend.fake.addApp('shop').app.pipeline = {
      name: 'shop',
      stage: 'production',
    };
    await renderWithSlipway(<SettingsView app="shop" />, {
      grants: { update: false, delete: false },
    });
    await screen.findByLabelText('Connect timeout (seconds)');
    expect(field('Connect timeout (seconds)')).toBeDisabled();
    expect(
      await screen.findByRole('checkbox', { name: 'Require approval' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Save timeouts' }),
    ).toHaveAttribute(
      'title',
      'Only the owners of shop can change its settings',
    );
    expect(within(document.body).queryByText(/Saved/)).toBeNull();
  });
});
