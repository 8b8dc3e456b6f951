import { screen, within } from '@testing-library/react';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { DeliveryCard } from './DeliveryCard';

const backend = setupFakeSlipway();

describe('DeliveryCard', () => {
  it("shows an app's four figures, each with how it is measured", async () => {
    backend.fake.addApp('shop');
    backend.fake.delivery = {
      days: 30,
      deploys: 3,
      deploymentsPerDay: 0.07,
      leadTimeHours: 1.5,
      changeFailureRate: 0.667,
      timeToRestoreHours: 0.5,
    };
    await renderWithSlipway(<DeliveryCard subject={{ app: 'shop' }} />);
    const list = (await screen.findByText('Deployment frequency')).closest(
      'dl',
    )!;
    const text = within(list as HTMLElement);
    expect(text.getByText('0.07 / day')).toBeInTheDocument();
    expect(text.getByText('1.5 h')).toBeInTheDocument();
    expect(text.getByText('66.7%')).toBeInTheDocument();
    expect(text.getByText('30 min')).toBeInTheDocument();
    expect(text.getByText(/3 deploys in all/)).toBeInTheDocument();
    expect(
      text.getByText(/failed or was later rolled back/),
    ).toBeInTheDocument();
  });

  it("shows a team's figures from the apps it owns, and says when it owns none", async () => {
    backend.fake.addApp('shop', { owner: 'group:default/ops' });
    backend.fake.addApp('api', { owner: 'group:default/ops' });
    await renderWithSlipway(
      <DeliveryCard subject={{ owner: 'group:default/ops' }} />,
    );
    expect(
      await screen.findByText('From 2 app(s) you may read: api, shop.'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('—')).toHaveLength(3);
  });

  it('says when a team owns no apps', async () => {
    await renderWithSlipway(
      <DeliveryCard subject={{ owner: 'group:default/empty' }} />,
    );
    expect(
      await screen.findByText('This team owns no Slipway apps you may read.'),
    ).toBeInTheDocument();
  });
});
