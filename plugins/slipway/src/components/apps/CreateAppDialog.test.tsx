import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { AppsPage } from './AppsPage';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

async function openDialog() {
  await renderWithSlipway(<AppsPage />);
  await userEvent.click(
    await screen.findByRole('button', { name: 'Create app' }),
  );
  return screen.findByRole('dialog', { name: 'Create an empty app' });
}

describe('Create app (an empty app)', () => {
  it('creates an app with no code, owned by the signed-in user unless another owner is chosen', async () => {
    const dialog = await openDialog();
    const owner = within(dialog).getByLabelText('Owner');
    await waitFor(() => expect(owner).toHaveValue('user:default/jane'));

    await userEvent.type(within(dialog).getByLabelText('Name'), 'my-api');
    await userEvent.type(
      within(dialog).getByLabelText('Description'),
      'Orders for the shop',
    );
    expect(
      await within(dialog).findByText('"my-api" is available'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );

    await waitFor(() => expect(backend.fake.apps.has('my-api')).toBe(true));
    const created = backend.fake.apps.get('my-api')!;
    expect(created.app.owner).toBe('user:default/jane');
    expect(created.app.description).toBe('Orders for the shop');
    expect(created.builds).toEqual([]);
  });

  it('says a name is taken while it is typed, and does not offer Create', async () => {
    backend.fake.addApp('shop');
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'shop');
    expect(
      await within(dialog).findByText('An app named "shop" already exists'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Create' }),
    ).toBeDisabled();
  });

  it("applies the API's name rules before asking it", async () => {
    const dialog = await openDialog();
    await userEvent.type(within(dialog).getByLabelText('Name'), 'a--b');
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Create' }),
    ).toBeDisabled();
    expect(backend.fake.requests).not.toContain('GET /apps/a--b');
  });

  it("passes the chosen owner, and shows the API's refusal with nothing created", async () => {
    const dialog = await openDialog();
    const owner = within(dialog).getByLabelText('Owner');
    await waitFor(() => expect(owner).toHaveValue('user:default/jane'));
    await userEvent.clear(owner);
    await userEvent.type(owner, 'robot:default/x');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'team-api');
    await within(dialog).findByText('"team-api" is available');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create' }),
    );
    expect(await within(dialog).findByRole('alert')).toBeInTheDocument();
    expect(backend.fake.apps.has('team-api')).toBe(false);
  });
});
