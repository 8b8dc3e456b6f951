import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { ScaleView } from './ScaleView';

const backend = setupFakeSlipway();

function seed() {
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node worker.js' });
  app.app.structure = { web: 2, worker: 0 };
  app.config.limits = { web: { memory: '512Mi', cpu: '500m' } };
  app.processes = [
    { name: 'web.1', type: 'web', release: 2, state: 'up', restarts: 0 },
    {
      name: 'web.2',
      type: 'web',
      release: 2,
      state: 'crashed',
      restarts: 4,
      message: 'exit 1',
    },
  ];
  return app;
}

const typeRow = (type: string) =>
  within(screen.getByRole('table', { name: 'Process types' })).getByRole(
    'row',
    {
      name: new RegExp(`^${type}\\b`),
    },
  );

describe('ScaleView', () => {
  it('shows a process as up once a signal says it changed, without a reload', async () => {
    const app = seed();
    app.processes[1] = { ...app.processes[1], state: 'starting', restarts: 0 };
    const signals = new FakeSignals();
    await renderWithSlipway(<ScaleView app="shop" />, { signals });
    const processes = await screen.findByRole('table', { name: 'Processes' });
    expect(
      within(processes).getByRole('row', { name: /web\.2/ }),
    ).toHaveTextContent('starting');

    app.processes[1].state = 'up';
    signals.publish('slipway:app:shop', { app: 'shop' });
    await waitFor(() =>
      expect(
        within(processes).getByRole('row', { name: /web\.2/ }),
      ).toHaveTextContent('up'),
    );
  });

  it('shows each process type with its command, replicas, limits and what runs', async () => {
    seed();
    await renderWithSlipway(<ScaleView app="shop" />);
    await screen.findByRole('table', { name: 'Process types' });

    expect(typeRow('web')).toHaveTextContent('node server.js');
    expect(
      screen.getByRole('spinbutton', { name: 'Replicas of web' }),
    ).toHaveValue(2);
    expect(typeRow('web')).toHaveTextContent('memory 512Mi · cpu 500m');
    expect(typeRow('web')).toHaveTextContent('1 up, 1 crashed');
    expect(typeRow('worker')).toHaveTextContent('no limits');
    expect(typeRow('worker')).toHaveTextContent('none running');
    const processes = screen.getByRole('table', { name: 'Processes' });
    expect(
      within(processes).getByRole('row', { name: /web\.2/ }),
    ).toHaveTextContent('exit 1');
  });

  it('scales the changed process types and shows the result', async () => {
    const app = seed();
    await renderWithSlipway(<ScaleView app="shop" />);
    const worker = await screen.findByRole('spinbutton', {
      name: 'Replicas of worker',
    });
    await userEvent.clear(worker);
    await userEvent.type(worker, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));

    expect(await screen.findByText('Scaled worker to 3')).toBeInTheDocument();
    expect(app.app.structure).toEqual({ web: 2, worker: 3 });
    expect(app.events[0]).toMatchObject({ type: 'scale' });
    await waitFor(() =>
      expect(
        screen.getByRole('spinbutton', { name: 'Replicas of worker' }),
      ).toHaveValue(3),
    );
  });

  it('refuses an invalid replica count before sending it', async () => {
    seed();
    await renderWithSlipway(<ScaleView app="shop" />);
    const web = await screen.findByRole('spinbutton', {
      name: 'Replicas of web',
    });
    await userEvent.clear(web);
    await userEvent.type(web, '1000');

    expect(
      screen.getByText(
        'Replicas of "web" must be a whole number from 0 to 100',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Scale' })).toBeDisabled();
    expect(backend.fake.requests).not.toContain('POST /apps/shop/scale');
  });

  it("shows the API's message when scaling is refused, and the structure stays", async () => {
    const app = seed();
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop/scale`, () =>
        errorResponse(
          400,
          'InputError',
          'The cluster quota allows at most 4 replicas',
        ),
      ),
    );
    await renderWithSlipway(<ScaleView app="shop" />);
    const web = await screen.findByRole('spinbutton', {
      name: 'Replicas of web',
    });
    await userEvent.clear(web);
    await userEvent.type(web, '9');
    await userEvent.click(screen.getByRole('button', { name: 'Scale' }));

    expect(
      await screen.findByText('The cluster quota allows at most 4 replicas'),
    ).toBeInTheDocument();
    expect(app.app.structure).toEqual({ web: 2, worker: 0 });
    expect(
      screen.getByRole('spinbutton', { name: 'Replicas of web' }),
    ).toHaveValue(9);
  });

  it('restarts one process type after asking', async () => {
    const app = seed();
    await renderWithSlipway(<ScaleView app="shop" />);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Restart web' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Restart the web processes of shop?',
    });
    // Cancelling restarts nothing.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(app.events.some(e => e.type === 'restart')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Restart web' }));
    await userEvent.click(
      within(
        await screen.findByRole('dialog', {
          name: 'Restart the web processes of shop?',
        }),
      ).getByRole('button', { name: 'Restart' }),
    );
    expect(
      await screen.findByText('Restarting web processes'),
    ).toBeInTheDocument();
    expect(app.events[0]).toMatchObject({ type: 'restart' });
  });

  it('disables scaling and restarts with the reason for users who may not update the app', async () => {
    seed();
    await renderWithSlipway(<ScaleView app="shop" />, {
      grants: { update: false },
    });
    await screen.findByRole('table', { name: 'Process types' });

    expect(
      screen.getByText('Only the owners of shop can scale or restart it'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('spinbutton', { name: 'Replicas of web' }),
    ).toBeDisabled();
    for (const name of ['Scale', 'Restart all', 'Restart web', 'Run']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
  });

  it('runs a one-off command and shows its exit code and output', async () => {
    seed();
    await renderWithSlipway(<ScaleView app="shop" />);
    await userEvent.type(
      await screen.findByLabelText('Command'),
      'node migrate.js',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    expect(await screen.findByText('Exited with code 0')).toBeInTheDocument();
    expect(
      screen.getByRole('log', { name: 'Command output' }),
    ).toHaveTextContent('ran: node migrate.js');
  });

  it('shows a one-off command’s output as it is printed, before the command ends', async () => {
    seed();
    const encoder = new TextEncoder();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    backend.fake.runStream = () =>
      new ReadableStream({
        start(c) {
          controller = c;
        },
      });
    const send = (message: object) =>
      controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
    await renderWithSlipway(<ScaleView app="shop" />);
    await userEvent.type(await screen.findByLabelText('Command'), 'migrate');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    await waitFor(() => expect(controller).toBeDefined());
    send({ line: 'Migrating 1 of 2' });
    const log = await screen.findByRole('log', { name: 'Command output' });
    await waitFor(() => expect(log).toHaveTextContent('Migrating 1 of 2'));
    expect(screen.getByRole('status')).toHaveTextContent('Running');

    send({ line: 'Migrating 2 of 2' });
    send({ exitCode: 0 });
    controller.close();
    expect(await screen.findByText('Exited with code 0')).toBeInTheDocument();
    expect(log).toHaveTextContent('Migrating 1 of 2 Migrating 2 of 2');
  });

  it("shows the API's message when a command cannot run", async () => {
    seed();
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop/run`, () =>
        errorResponse(
          409,
          'ConflictError',
          'shop has no build to run commands in',
        ),
      ),
    );
    await renderWithSlipway(<ScaleView app="shop" />);
    await userEvent.type(await screen.findByLabelText('Command'), 'ls');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    expect(
      await screen.findByText('shop has no build to run commands in'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('log', { name: 'Command output' }),
    ).not.toBeInTheDocument();
  });
});
