import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { ScaleView } from './ScaleView';

jest.setTimeout(60_000);

const backend = setupFakeSlipway();

function seed(cluster: string) {
  const app = backend.fake.addApp('shop', { cluster });
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node w.js' });
  app.app.structure = { web: 2, worker: 0 };
  return app;
}

const autoscaling = () => screen.getByRole('table', { name: 'Autoscaling' });

describe('Autoscaling on the Scale tab', () => {
  it('shows an autoscaled type and disables scaling it by hand, naming the autoscaler', async () => {
    const app = seed('prod');
    app.settings.autoscale = { web: { min: 2, max: 5, cpuPercent: 70 } };
    await renderWithSlipway(<ScaleView app="shop" />);

    const replicas = await screen.findByRole('spinbutton', {
      name: 'Replicas of web',
    });
    expect(replicas).toBeDisabled();
    expect(
      screen.getByText(
        'Scaled by its HorizontalPodAutoscaler shop-web (2 to 5 replicas at 70% CPU); stop autoscaling web to scale it by hand',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('spinbutton', { name: 'Replicas of worker' }),
    ).toBeEnabled();
    expect(within(autoscaling()).getByLabelText('Max of web')).toHaveValue(5);
  });

  it('autoscales a type, keeping the others, and refuses bounds the API would refuse', async () => {
    const app = seed('prod');
    app.settings.autoscale = { web: { min: 2, max: 5, cpuPercent: 70 } };
    await renderWithSlipway(<ScaleView app="shop" />);
    await screen.findByRole('table', { name: 'Autoscaling' });
    const save = screen.getByRole('button', { name: 'Autoscale worker' });

    await userEvent.type(screen.getByLabelText('Min of worker'), '4');
    await userEvent.type(screen.getByLabelText('Max of worker'), '3');
    await userEvent.type(screen.getByLabelText('Target CPU % of worker'), '60');
    expect(
      screen.getByText('autoscale of "worker": min (4) is more than max (3)'),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();

    await userEvent.clear(screen.getByLabelText('Min of worker'));
    await userEvent.type(screen.getByLabelText('Min of worker'), '1');
    await userEvent.click(save);

    expect(
      await screen.findByText(
        'worker autoscales from 1 to 3 replicas at 60% CPU',
      ),
    ).toBeInTheDocument();
    expect(app.settings.autoscale).toEqual({
      web: { min: 2, max: 5, cpuPercent: 70 },
      worker: { min: 1, max: 3, cpuPercent: 60 },
    });
    expect(
      await screen.findByRole('spinbutton', { name: 'Replicas of worker' }),
    ).toBeDisabled();
  });

  it('stops autoscaling a type, which can then be scaled by hand', async () => {
    const app = seed('prod');
    app.settings.autoscale = { web: { min: 2, max: 5, cpuPercent: 70 } };
    await renderWithSlipway(<ScaleView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Stop autoscaling web' }),
    );
    expect(
      await screen.findByText('web is no longer autoscaled'),
    ).toBeInTheDocument();
    expect(app.settings.autoscale).toEqual({});
    expect(
      await screen.findByRole('spinbutton', { name: 'Replicas of web' }),
    ).toBeEnabled();
  });

  it('does not offer autoscaling on the local runtime, and says why', async () => {
    const app = seed('local');
    await renderWithSlipway(<ScaleView app="shop" />);
    expect(
      await screen.findByRole('alert', {
        name: 'Autoscaling is not available',
      }),
    ).toHaveTextContent(/local runtime, which cannot autoscale/);
    const button = screen.getByRole('button', { name: 'Autoscale web' });
    expect(button).toBeDisabled();
    expect(button.getAttribute('title')).toMatch(/local runtime/);
    expect(screen.getByLabelText('Min of web')).toBeDisabled();
    expect(app.settings.autoscale).toEqual({});
  });
});
