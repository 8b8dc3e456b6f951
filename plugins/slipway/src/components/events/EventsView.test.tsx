import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { EventsView } from './EventsView';

const backend = setupFakeSlipway();

describe('EventsView', () => {
  it('shows the audit trail newest first: who did what', async () => {
    const app = backend.fake.addApp('shop');
    backend.fake.event(app, 'domain.add', 'added shop.example.com');
    backend.fake.event(app, 'scale', 'scaled web to 3');

    await renderWithSlipway(<EventsView app="shop" />);
    const table = await screen.findByRole('table', { name: 'Events' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('scale');
    expect(rows[0]).toHaveTextContent('scaled web to 3');
    expect(rows[0]).toHaveTextContent('user:default/jane');
    expect(rows[1]).toHaveTextContent('added shop.example.com');
  });

  it('pages through long trails', async () => {
    const app = backend.fake.addApp('shop');
    for (let i = 1; i <= 60; i++)
      backend.fake.event(app, 'restart', `restart number ${i}`);

    await renderWithSlipway(<EventsView app="shop" />);
    const table = await screen.findByRole('table', { name: 'Events' });
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(table).toHaveTextContent('restart number 60');

    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await screen.findByText('restart number 10')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Events' })).getAllByRole('row'),
    ).toHaveLength(11);
  });
});
