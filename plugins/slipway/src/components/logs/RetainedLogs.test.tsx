import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RetainedLogLine } from '@slipway/plugin-slipway-common';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { FakeLogStreams } from '../../__testUtils__/logStream';
import { LogsView } from './LogsView';

const backend = setupFakeSlipway();
let streams: FakeLogStreams;

const T = Date.parse('2026-11-23T10:00:00.000Z');
let nextId = 1;
const kept = (
  second: number,
  source: string,
  line: string,
  kind: RetainedLogLine['kind'] = 'app',
): RetainedLogLine => ({
  id: nextId++,
  time: new Date(T + second * 1000).toISOString(),
  source,
  kind,
  processType: source.split('.')[0],
  line,
});

beforeEach(() => {
  nextId = 1;
  const app = backend.fake.addApp('shop');
  backend.fake.deploy(app, { web: 'node server.js', worker: 'node worker.js' });
  app.retained.push(
    ...Array.from({ length: 450 }, (_, i) => kept(i, 'web.1', `request ${i}`)),
    kept(450, 'worker.1', 'Sent invoice 42'),
    kept(451, 'web.1', 'last words before dying'),
    kept(452, 'web.2', 'the other instance goes on'),
    kept(
      452,
      'web.1',
      'Process exited with code 3; restarting in 1s',
      'platform',
    ),
    kept(453, 'router', 'method=GET path="/cart" status=200', 'router'),
  );
  streams = new FakeLogStreams();
  backend.fake.logStream = streams.open;
});
afterEach(() => {
  for (const connection of streams.connections) connection.end();
});

const output = () => screen.getByRole('log', { name: 'Log output' });

describe('LogsView: kept lines', () => {
  it('finds a line by text among the kept ones, on the server, and keeps the search in the URL', async () => {
    await renderWithSlipway(<LogsView app="shop" />);
    await screen.findByText('Streaming live');
    await userEvent.type(screen.getByLabelText('Search text'), 'INVOICE');
    await userEvent.click(screen.getByRole('button', { name: 'Search' }));

    expect(
      await screen.findByText('Showing 1 of 1 kept lines matching "INVOICE"'),
    ).toBeInTheDocument();
    expect(output()).toHaveTextContent('worker.1: Sent invoice 42');
    expect(output()).not.toHaveTextContent('request 1');
    const query = backend.fake.logSearchQueries.at(-1)!;
    expect(query.get('q')).toBe('INVOICE');
    expect(query.get('order')).toBe('desc');
    // Back to following live.
    await userEvent.click(screen.getByRole('button', { name: 'Follow live' }));
    expect(await screen.findByText('Streaming live')).toBeInTheDocument();
  });

  it('opens from the URL (a shared link) with its filters, and pages older lines by cursor', async () => {
    await renderWithSlipway(<LogsView app="shop" />, {
      routeEntries: ['/?process=web&source=app&view=retained'],
    });
    expect(
      await screen.findByText('Showing 200 of 452 kept lines'),
    ).toBeInTheDocument();
    expect(output()).toHaveTextContent('last words before dying');
    expect(output()).not.toHaveTextContent('Sent invoice');
    expect(output()).not.toHaveTextContent('method=GET');
    expect(output()).not.toHaveTextContent('request 249 ');

    await userEvent.click(
      screen.getByRole('button', { name: 'Load older lines' }),
    );
    expect(
      await screen.findByText('Showing 400 of 452 kept lines'),
    ).toBeInTheDocument();
    expect(output()).toHaveTextContent('request 100');
    const lines = within(output()).getAllByText(/request \d+$/);
    // Oldest first, as a log is read.
    expect(lines[0]).toHaveTextContent('request 52');
    const paged = backend.fake.logSearchQueries.at(-1)!;
    expect(paged.get('cursor')).toBeTruthy();
    expect(paged.get('process')).toBe('web');
    expect(paged.get('source')).toBe('app');
  });

  it('jumps to a release: the lines from its time on, later ones a page at a time', async () => {
    const at = new Date(T + 440 * 1000).toISOString();
    await renderWithSlipway(<LogsView app="shop" />, {
      routeEntries: [`/?at=${at}&release=3&view=retained`],
    });
    expect(
      await screen.findByText(
        `Showing 15 of 15 kept lines from release v3 (${at})`,
      ),
    ).toBeInTheDocument();
    const query = backend.fake.logSearchQueries.at(-1)!;
    expect(query.get('since')).toBe(at);
    expect(query.get('order')).toBe('asc');
    expect(within(output()).getAllByText(/request \d+$/)[0]).toHaveTextContent(
      'request 440',
    );
  });

  it("shows a crashed instance's last lines from its crash line", async () => {
    await renderWithSlipway(<LogsView app="shop" />, {
      routeEntries: ['/?source=platform'],
    });
    const toggle = await screen.findByRole('button', {
      name: 'Show last lines of web.1',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    const last = await screen.findByRole('region', {
      name: 'Last lines of web.1 before it exited',
    });
    await waitFor(() =>
      expect(last).toHaveTextContent('web.1: last words before dying'),
    );
    expect(last).toHaveTextContent('request 449');
    // Only that instance's lines, the last 20.
    expect(last).not.toHaveTextContent('the other instance');
    expect(last).not.toHaveTextContent('request 430');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
  });
});
