import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppMetrics } from '@slipway/plugin-slipway-common';
import { renderWithSlipway } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { MetricsView } from './MetricsView';

const backend = setupFakeSlipway();

// jsdom has no layout: the charts' container measures nothing, so only their text is checked here
// (the browser test looks at the drawn charts).
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

/** Three steps of a minute, two releases between them. */
function metrics(url: URL): AppMetrics {
  const from = Date.parse(url.searchParams.get('from')!);
  const at = (i: number) => new Date(from + i * 60_000).toISOString();
  return {
    from: at(0),
    to: at(3),
    step: Number(url.searchParams.get('step')),
    source: 'ledger',
    timestamps: [at(0), at(1), at(2)],
    requests: {
      '1xx': [0, 0, 0],
      '2xx': [10, 20, 30],
      '3xx': [0, 0, 0],
      '4xx': [1, 0, 0],
      '5xx': [0, 3, 0],
    },
    latency: { p50: [5, 6, 7], p95: [20, 30, 25], p99: [40, 80, 50] },
    bytesOut: [1000, 2000, 3000],
    processes: [],
    releases: [
      {
        version: 2,
        createdAt: at(1),
        status: 'succeeded',
        summary: 'Deploy 1a2b3c4',
      },
      {
        version: 3,
        createdAt: at(2),
        status: 'failed',
        summary: 'Deploy 5d6e7f8',
      },
    ],
  };
}

describe('MetricsView', () => {
  it('charts requests and latency with the releases of the window, and summarises them for screen readers', async () => {
    backend.fake.addApp('shop');
    backend.fake.metrics = metrics;
    await renderWithSlipway(<MetricsView app="shop" />);
    const requests = await screen.findByRole('img', {
      name: /Requests and errors/,
    });
    expect(requests).toHaveAccessibleDescription(
      '64 requests, 3 server errors (4.7%), 2 releases in this window.',
    );
    expect(
      screen.getByRole('img', { name: 'Response time (ms)' }),
    ).toHaveAccessibleDescription('Highest p99 in this window: 80 ms.');
    const markers = screen.getByRole('navigation', {
      name: 'Releases in this window',
    });
    expect(
      within(markers)
        .getAllByRole('link')
        .map(l => l.textContent),
    ).toEqual(['v2', 'v3']);
    expect(screen.getByText(/Memory and CPU: no samples/)).toBeInTheDocument();
  });

  it('asks for 24 hours in 10-minute steps when told, and says why it is empty', async () => {
    backend.fake.addApp('shop');
    await renderWithSlipway(<MetricsView app="shop" />);
    expect(await screen.findByText('No traffic yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '24 hours' }));
    await screen.findByText('No traffic yet');
    const last = backend.fake.metricsQueries.at(-1)!;
    expect(last.get('step')).toBe('600');
    // `from` on a whole step (the server's rollups serve it), at least 24 hours back.
    const from = Date.parse(last.get('from')!);
    const span = Date.parse(last.get('to')!) - from;
    expect(from % 600_000).toBe(0);
    expect(span).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(span).toBeLessThan(24 * 3_600_000 + 600_000);
  });

  it('says when no Prometheus is configured for the router, as the API tells', async () => {
    backend.fake.addApp('shop');
    backend.fake.metrics = url => ({
      ...metrics(url),
      requests: { '1xx': [], '2xx': [], '3xx': [], '4xx': [], '5xx': [] },
      empty: {
        reason: 'no-prometheus',
        message:
          'No Prometheus is configured: with the ingress router, requests are read from the Prometheus that scrapes ingress-nginx (slipway.metrics.prometheus.url).',
      },
    });
    await renderWithSlipway(<MetricsView app="shop" />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('No Prometheus configured');
    expect(alert).toHaveTextContent(/slipway\.metrics\.prometheus\.url/);
    expect(
      screen.queryByRole('img', { name: /Requests and errors/ }),
    ).toBeNull();
  });
});
