import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { BASE_URL, errorResponse } from '../../__testUtils__/fakeSlipway';
import { FakeLogStreams } from '../../__testUtils__/logStream';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { LogsView } from './LogsView';
import { logStreamRetry } from './useLogStream';

const backend = setupFakeSlipway();
let streams: FakeLogStreams;

beforeEach(() => {
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node worker.js' });
  streams = new FakeLogStreams();
  backend.fake.logStream = streams.open;
  // No automatic reconnects unless a test asks for them.
  logStreamRetry.delaysMs = [];
});

afterEach(() => {
  for (const connection of streams.connections) connection.end();
});

const line = (source: string, text: string) => ({
  time: '2026-11-23T10:00:00Z',
  source,
  line: text,
});
const output = () => screen.getByRole('log', { name: 'Log output' });

async function connected() {
  await screen.findByText('Streaming live');
  return streams.latest;
}

describe('LogsView', () => {
  it("tails the logs live, with the user's credentials, as server-sent events arrive", async () => {
    await renderWithSlipway(<LogsView app="shop" />);
    const stream = await connected();

    expect(backend.fake.logQueries[0].get('follow')).toBe('true');
    act(() => stream.send(line('web.1', 'listening on 5000')));
    expect(
      await within(output()).findByText(/listening on 5000/),
    ).toBeInTheDocument();
    expect(output()).toHaveTextContent('web.1: listening on 5000');

    act(() => {
      stream.send(line('worker.1', 'job 1 done'));
      stream.sendRaw('data: plain text line\n\n: a comment\n\n');
    });
    expect(
      await within(output()).findByText(/plain text line/),
    ).toBeInTheDocument();
    expect(output()).toHaveTextContent('job 1 done');

    act(() => stream.end());
    expect(await screen.findByText('The log stream ended')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Reconnect' }),
    ).toBeInTheDocument();
  });

  it('reconnects by itself when the stream drops, without repeating lines', async () => {
    logStreamRetry.delaysMs = [300, 300];
    await renderWithSlipway(<LogsView app="shop" />);
    const first = await connected();
    act(() => {
      first.send(line('web.1', 'one'));
      first.send(line('web.1', 'two'));
    });
    await within(output()).findByText(/two/);

    // The replica serving the stream dies.
    act(() => first.end());
    expect(
      await screen.findByText(
        /The log stream dropped: reconnecting… \(1 of 2\)/,
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(streams.connections).toHaveLength(2));
    await screen.findByText('Streaming live');
    // The new stream starts with the retained tail again, then a line printed meanwhile.
    act(() => {
      streams.latest.send(line('web.1', 'one'));
      streams.latest.send(line('web.1', 'two'));
      streams.latest.send(line('web.2', 'three'));
    });
    await within(output()).findByText(/three/);
    const text = output().textContent ?? '';
    expect(text.match(/web\.1: one/g)).toHaveLength(1);
    expect(text.match(/web\.1: two/g)).toHaveLength(1);
    expect(text.indexOf('two')).toBeLessThan(text.indexOf('three'));
  });

  it('filters by process type by reconnecting with type=', async () => {
    await renderWithSlipway(<LogsView app="shop" />);
    const first = await connected();
    act(() => first.send(line('web.1', 'from web')));
    await within(output()).findByText(/from web/);

    await userEvent.click(screen.getByRole('button', { name: /Process type/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'worker' }),
    );

    await waitFor(() => expect(streams.connections).toHaveLength(2));
    expect(backend.fake.logQueries[1].get('type')).toBe('worker');
    await screen.findByText('Streaming live');
    expect(output()).not.toHaveTextContent('from web');
    act(() => {
      first.send(line('web.1', 'stale line from the old connection'));
      streams.latest.send(line('worker.1', 'from worker'));
    });
    expect(
      await within(output()).findByText(/from worker/),
    ).toBeInTheDocument();
    expect(output()).not.toHaveTextContent('stale line');
  });

  it('pauses: new lines wait until resumed', async () => {
    await renderWithSlipway(<LogsView app="shop" />);
    const stream = await connected();
    act(() => stream.send(line('web.1', 'before pause')));
    await within(output()).findByText(/before pause/);

    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    act(() => {
      stream.send(line('web.1', 'while paused 1'));
      stream.send(line('web.1', 'while paused 2'));
    });
    expect(
      await screen.findByText('Paused: 2 new lines waiting'),
    ).toBeInTheDocument();
    expect(output()).not.toHaveTextContent('while paused');

    await userEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(output()).toHaveTextContent('while paused 1');
    expect(output()).toHaveTextContent('while paused 2');
    expect(screen.getByText('Streaming live')).toBeInTheDocument();
  });

  it("shows the API's message when the stream cannot be opened, and reconnects on demand", async () => {
    let refused = false;
    backend.server.use(
      http.get(`${BASE_URL}/apps/shop/logs`, () => {
        if (refused) return undefined; // the fake answers from now on
        refused = true;
        return errorResponse(
          403,
          'NotAllowedError',
          'You may not read the logs of shop',
        );
      }),
    );
    await renderWithSlipway(<LogsView app="shop" />);
    expect(
      await screen.findByText('You may not read the logs of shop'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(await screen.findByText('Streaming live')).toBeInTheDocument();
    act(() => streams.latest.send(line('web.1', 'back again')));
    expect(await within(output()).findByText(/back again/)).toBeInTheDocument();
    expect(
      screen.queryByText('You may not read the logs of shop'),
    ).not.toBeInTheDocument();
    act(() => streams.latest.end());
    expect(await screen.findByText('The log stream ended')).toBeInTheDocument();
  });
});
