import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithSlipway } from '../../../__testUtils__/render';
import { setupFakeSlipway } from '../../../__testUtils__/server';
import { useAppPermissions } from '../../shared';
import { LogDrains } from './LogDrains';

const backend = setupFakeSlipway();

function Drains() {
  return <LogDrains app="shop" permissions={useAppPermissions('shop')} />;
}

beforeEach(() => {
  const app = backend.fake.addApp('shop');
  app.drains.push({
    id: 'd1',
    url: 'https://***:***@logs.example.com/ingest?key=***',
    createdBy: 'user:default/jane',
    createdAt: '2026-11-20T10:00:00.000Z',
    sent: 1200,
    dropped: 35,
    lastError: 'connect ECONNREFUSED 203.0.113.7:443',
  });
});

describe('LogDrains', () => {
  it('lists the drains masked, with kind, dropped count and last error', async () => {
    await renderWithSlipway(<Drains />);
    const table = await screen.findByRole('table', { name: 'Log drains' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent(
      'https://***:***@logs.example.com/ingest?key=***',
    );
    expect(row).toHaveTextContent('HTTPS (NDJSON)');
    expect(row).toHaveTextContent('35');
    expect(row).toHaveTextContent('connect ECONNREFUSED 203.0.113.7:443');
  });

  it("adds a drain, showing the API's refusal next to the field and storing nothing", async () => {
    await renderWithSlipway(<Drains />);
    const field = await screen.findByLabelText('Drain URL');
    await userEvent.type(field, 'syslog://10.0.0.8:514');
    await userEvent.click(screen.getByRole('button', { name: 'Add drain' }));
    expect(
      await screen.findByText(
        'url is refused: its address is private or loopback',
      ),
    ).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(backend.fake.apps.get('shop')!.drains).toHaveLength(1);

    await userEvent.clear(field);
    await userEvent.type(field, 'syslog+tls://u:secret@logs.example.com:6514');
    await userEvent.click(screen.getByRole('button', { name: 'Add drain' }));
    const table = await screen.findByRole('table', { name: 'Log drains' });
    await waitFor(() =>
      expect(table).toHaveTextContent(
        'syslog+tls://***:***@logs.example.com:6514',
      ),
    );
    expect(table).toHaveTextContent('Syslog over TLS');
    expect(table).not.toHaveTextContent('secret');
    expect(field).toHaveValue('');
  });

  it('refuses a URL of another scheme before asking the API', async () => {
    await renderWithSlipway(<Drains />);
    await userEvent.type(
      await screen.findByLabelText('Drain URL'),
      'ftp://logs.example.com',
    );
    expect(screen.getByRole('button', { name: 'Add drain' })).toBeDisabled();
    expect(
      screen.getByText(/Use syslog\+tls:\/\/host:port/),
    ).toBeInTheDocument();
  });

  it('removes a drain only once confirmed', async () => {
    await renderWithSlipway(<Drains />);
    const remove = await screen.findByRole('button', {
      name: 'Remove drain https://***:***@logs.example.com/ingest?key=***',
    });
    await userEvent.click(remove);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(backend.fake.apps.get('shop')!.drains).toHaveLength(1);

    await userEvent.click(remove);
    await userEvent.click(screen.getByRole('button', { name: 'Remove drain' }));
    expect(await screen.findByText('No log drains yet.')).toBeInTheDocument();
    expect(backend.fake.apps.get('shop')!.drains).toHaveLength(0);
  });

  it('shows no drains and no controls to someone who does not own the app', async () => {
    await renderWithSlipway(<Drains />, { grants: { update: false } });
    expect(
      await screen.findByText(
        'Only the owners of shop can see and change its log drains.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Drain URL')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(backend.fake.requests).not.toContain('GET /apps/shop/drains');
  });
});
