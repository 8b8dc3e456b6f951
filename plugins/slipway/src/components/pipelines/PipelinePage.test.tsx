import { discoveryApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Pipeline, Promotion } from '@slipway/plugin-slipway-common';
import { http, HttpResponse } from 'msw';
import { BASE_URL } from '../../__testUtils__/fakeSlipway';
import { FakeSignals } from '../../__testUtils__/fakeSignals';
import { renderWithSlipway, type Grants } from '../../__testUtils__/render';
import { setupFakeSlipway } from '../../__testUtils__/server';
import { commitsAhead } from './commitsAhead';
import { PipelinesPage } from './PipelinesPage';

const backend = setupFakeSlipway();

const T = '2026-11-26T10:00:00.000Z';
const sha = (c: string) => c.repeat(40);

function pipeline(
  pending: Promotion[] = [],
  history: Promotion[] = [],
): Pipeline {
  return {
    name: 'shop',
    owner: 'group:default/team-a',
    createdAt: T,
    stages: {
      review: [],
      development: [],
      staging: [
        {
          name: 'shop-staging',
          stage: 'staging',
          status: 'succeeded',
          release: {
            version: 5,
            status: 'succeeded',
            summary: 'jane deployed ccccccc',
            createdAt: T,
            build: { id: 'b3', image: 'slug:3', sha: sha('c') },
          },
        },
      ],
      production: [
        {
          name: 'shop-prod',
          stage: 'production',
          status: 'succeeded',
          release: {
            version: 2,
            status: 'succeeded',
            summary: 'jane promoted aaaaaaa from shop-staging v3',
            createdAt: T,
            build: { id: 'p1', image: 'slug:1', sha: sha('a') },
          },
        },
      ],
    },
    pending,
    history,
  };
}

function promotion(requestedBy: string): Promotion {
  return {
    id: 'promo-1',
    pipeline: 'shop',
    source: 'shop-staging',
    sourceVersion: 5,
    target: 'shop-prod',
    sha: sha('c'),
    image: 'slug:3',
    status: 'pending',
    requestedBy,
    requestedAt: T,
    expiresAt: '2026-11-27T10:00:00.000Z',
  };
}

/** What GET /pipelines/shop answers now; tests change it to act as changes made elsewhere. */
const current: { pipeline?: Pipeline } = {};

function serve(p: Pipeline) {
  const posted: { path: string; body: unknown }[] = [];
  current.pipeline = p;
  const config = (values: Record<string, string>) => ({
    values,
    limits: {},
    tags: {},
    healthchecks: {},
    keys: Object.keys(values),
    revealed: true,
  });
  backend.server.use(
    http.get(`${BASE_URL}/pipelines/shop`, () =>
      HttpResponse.json(current.pipeline),
    ),
    http.get(`${BASE_URL}/apps/shop-staging/builds`, () =>
      HttpResponse.json(
        page(
          ['c', 'b', 'a'].map((c, i) => ({
            id: `b${3 - i}`,
            app: 'shop-staging',
            image: `slug:${3 - i}`,
            sha: sha(c),
            procfile: { web: 'node server.js' },
            status: 'succeeded',
            createdBy: 'user:default/jane',
            createdAt: T,
          })),
        ),
      ),
    ),
    http.get(`${BASE_URL}/apps/shop-staging/config`, () =>
      HttpResponse.json(config({ FOO: 'staging', SAME: '1' })),
    ),
    http.get(`${BASE_URL}/apps/shop-prod/config`, () =>
      HttpResponse.json(config({ FOO: 'prod', SAME: '1' })),
    ),
    http.post(`${BASE_URL}/apps/shop-staging/promote`, async ({ request }) => {
      posted.push({ path: 'promote', body: await request.json() });
      return HttpResponse.json(
        {
          promotions: [
            { id: 'x', app: 'shop-prod', version: 3, status: 'pending' },
          ],
        },
        { status: 201 },
      );
    }),
    http.post(`${BASE_URL}/promotions/promo-1/withdraw`, () => {
      posted.push({ path: 'withdraw', body: null });
      return HttpResponse.json({
        ...promotion('user:default/jane'),
        status: 'withdrawn',
      });
    }),
    // The notifications backend (same base URL in these tests): one unread request to approve.
    http.get(`${BASE_URL}/notifications`, () =>
      HttpResponse.json({
        totalCount: 2,
        notifications: [
          {
            id: 'n1',
            payload: { title: 'Approve?', scope: 'promotion:promo-1' },
          },
          { id: 'n2', payload: { title: 'Other', scope: 'promotion:other' } },
        ],
      }),
    ),
    http.post(`${BASE_URL}/notifications/update`, async ({ request }) => {
      posted.push({ path: 'notifications', body: await request.json() });
      return HttpResponse.json([]);
    }),
    http.post(`${BASE_URL}/promotions/promo-1/approve`, () => {
      posted.push({ path: 'approve', body: null });
      return HttpResponse.json(
        { id: 'promo-1', app: 'shop-prod', version: 3, status: 'pending' },
        { status: 201 },
      );
    }),
  );
  return posted;
}

async function render(grants?: Grants, signals?: FakeSignals) {
  return renderWithSlipway(
    <TestApiProvider
      apis={[[discoveryApiRef, { getBaseUrl: async () => BASE_URL }]]}
    >
      <PipelinesPage />
    </TestApiProvider>,
    { routeEntries: ['/shop'], grants, signals },
  );
}

describe('PipelinePage', () => {
  it('shows the stages left to right with what each app runs, and how far staging is ahead', async () => {
    serve(pipeline());
    await render();
    const stages = await screen.findAllByRole('region', { name: /^Stage / });
    expect(stages.map(s => s.getAttribute('aria-label'))).toEqual([
      'Stage review',
      'Stage development',
      'Stage staging',
      'Stage production',
    ]);
    const staging = screen.getByRole('group', { name: 'App shop-staging' });
    expect(staging).toHaveTextContent('v5 · ccccccc');
    expect(staging).toHaveTextContent('succeeded');
    expect(
      screen.getByRole('group', { name: 'App shop-prod' }),
    ).toHaveTextContent('v2 · aaaaaaa');
    expect(
      await screen.findByText('staging is 2 commits ahead of production'),
    ).toBeInTheDocument();
  });

  it("promotes after a confirmation that shows the target's own config", async () => {
    const posted = serve(pipeline());
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote to shop-prod' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'shop-prod will run build ccccccc of shop-staging v5, each with its own config.',
    );
    const diff = await within(dialog).findByRole('table', {
      name: 'Config differences',
    });
    const rows = within(diff).getAllByRole('row').slice(1);
    expect(rows.map(r => r.textContent)).toEqual(['shop-prodFOOstagingprod']);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    expect(await screen.findByText('shop-prod v3')).toBeInTheDocument();
    expect(posted).toEqual([{ path: 'promote', body: { to: ['shop-prod'] } }]);
  });

  it('disables Promote with the reason for users who may not update the target', async () => {
    serve(pipeline());
    await render({ update: false });
    const button = await screen.findByRole('button', {
      name: 'Promote to shop-prod',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute(
      'title',
      'Only the owners of shop-prod can promote to them',
    );
  });

  it('disables Approve and Reject for the requester, with the reason', async () => {
    const posted = serve(pipeline([promotion('user:default/jane')]));
    await render();
    const pending = await screen.findByRole('group', {
      name: 'Promotion to shop-prod',
    });
    await waitFor(() =>
      expect(pending).toHaveTextContent(
        'user:default/jane wants to promote ccccccc from shop-staging v5 to shop-prod',
      ),
    );
    for (const name of ['Approve', 'Reject']) {
      const button = within(pending).getByRole('button', { name });
      await waitFor(() => expect(button).toBeDisabled());
      expect(button).toHaveAttribute(
        'title',
        'You requested this promotion; another user must approve or reject it',
      );
    }
    expect(posted).toEqual([]);
  });

  it("lets another owner approve someone else's promotion", async () => {
    const posted = serve(pipeline([promotion('user:default/ann')]));
    await render();
    const pending = await screen.findByRole('group', {
      name: 'Promotion to shop-prod',
    });
    const approve = within(pending).getByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    await userEvent.click(approve);
    expect(
      await screen.findByText('Approved: shop-prod v3'),
    ).toBeInTheDocument();
    // The approver's "Approve?" notification about this promotion is done: marked read.
    await waitFor(() =>
      expect(posted).toEqual([
        { path: 'approve', body: null },
        { path: 'notifications', body: { ids: ['n1'], read: true } },
      ]),
    );
  });

  it('lets the requester withdraw their own pending promotion', async () => {
    const posted = serve(pipeline([promotion('user:default/jane')]));
    await render();
    const pending = await screen.findByRole('group', {
      name: 'Promotion to shop-prod',
    });
    const withdraw = await within(pending).findByRole('button', {
      name: 'Withdraw',
    });
    current.pipeline = pipeline(
      [],
      [{ ...promotion('user:default/jane'), status: 'withdrawn' }],
    );
    await userEvent.click(withdraw);

    // It leaves the waiting list for the history.
    await waitFor(() =>
      expect(
        screen.queryByRole('group', { name: 'Promotion to shop-prod' }),
      ).not.toBeInTheDocument(),
    );
    expect(posted[0]).toEqual({ path: 'withdraw', body: null });
    const history = await screen.findByRole('region', {
      name: 'Promotion history',
    });
    await waitFor(() =>
      expect(history).toHaveTextContent('withdrawn by the requester'),
    );
  });

  it('drops "waits for approval" once that promotion is decided (no stray text)', async () => {
    serve(pipeline());
    backend.server.use(
      http.post(`${BASE_URL}/apps/shop-staging/promote`, () => {
        current.pipeline = pipeline([promotion('user:default/jane')]);
        return HttpResponse.json(
          {
            promotions: [
              { id: 'promo-1', app: 'shop-prod', status: 'pending' },
            ],
          },
          { status: 202 },
        );
      }),
    );
    await render();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote to shop-prod' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    expect(
      await screen.findByText('shop-prod waits for approval'),
    ).toBeInTheDocument();
    const pending = await screen.findByRole('group', {
      name: 'Promotion to shop-prod',
    });
    current.pipeline = pipeline(
      [],
      [{ ...promotion('user:default/jane'), status: 'withdrawn' }],
    );
    await userEvent.click(
      await within(pending).findByRole('button', { name: 'Withdraw' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByText('shop-prod waits for approval'),
      ).not.toBeInTheDocument(),
    );
  });

  it('offers Withdraw only to the requester', async () => {
    serve(pipeline([promotion('user:default/ann')]));
    await render();
    const pending = await screen.findByRole('group', {
      name: 'Promotion to shop-prod',
    });
    await waitFor(() =>
      expect(
        within(pending).getByRole('button', { name: 'Approve' }),
      ).toBeEnabled(),
    );
    expect(
      within(pending).queryByRole('button', { name: 'Withdraw' }),
    ).not.toBeInTheDocument();
  });

  it('disables Promote when production already runs the build', async () => {
    const p = pipeline();
    p.stages.production[0].release!.build = {
      id: 'copy-of-b3',
      image: 'slug:3',
      sha: sha('c'),
    };
    serve(p);
    await render();
    const button = await screen.findByRole('button', {
      name: 'Promote to shop-prod',
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute(
      'title',
      'shop-prod already runs this build (ccccccc): nothing to promote',
    );
  });

  it('lists decided promotions with who asked, who decided and when', async () => {
    serve(
      pipeline(
        [],
        [
          {
            ...promotion('user:default/jane'),
            status: 'approved',
            decidedBy: 'user:development/reviewer',
            decidedAt: T,
            version: 3,
          },
        ],
      ),
    );
    await render();
    const history = await screen.findByRole('region', {
      name: 'Promotion history',
    });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('ccccccc shop-staging v5 → shop-prod v3');
    expect(rows[0]).toHaveTextContent('user:default/jane');
    expect(rows[0]).toHaveTextContent('approved by user:development/reviewer');
  });

  it('updates live: an approval elsewhere shows without a reload', async () => {
    serve(pipeline([promotion('user:default/jane')]));
    const signals = new FakeSignals();
    await render(undefined, signals);
    await screen.findByRole('group', { name: 'Promotion to shop-prod' });
    expect(signals.channels).toEqual(
      expect.arrayContaining([
        'slipway:pipeline:shop',
        'slipway:app:shop-staging',
        'slipway:app:shop-prod',
      ]),
    );
    current.pipeline = pipeline(
      [],
      [
        {
          ...promotion('user:default/jane'),
          status: 'approved',
          decidedBy: 'user:development/reviewer',
          decidedAt: T,
          version: 3,
        },
      ],
    );
    signals.publish('slipway:pipeline:shop', { pipeline: 'shop' });
    await waitFor(() =>
      expect(
        screen.queryByRole('group', { name: 'Promotion to shop-prod' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('region', { name: 'Promotion history' }),
    ).toHaveTextContent('approved by user:development/reviewer');
  });
});

describe('commitsAhead', () => {
  const builds = (...shas: string[]) =>
    shas.map(s => ({ sha: s, status: 'succeeded' as const }));
  it('counts the distinct shas built since the downstream one', () => {
    expect(commitsAhead(builds('c', 'b', 'b', 'a'), 'a')).toBe(2);
    expect(commitsAhead(builds('a'), 'a')).toBe(0);
    expect(commitsAhead(builds('c', 'b'), 'z')).toBeUndefined();
    expect(commitsAhead(builds('c'), undefined)).toBeUndefined();
    expect(
      commitsAhead([{ sha: 'x', status: 'failed' }, ...builds('a')], 'a'),
    ).toBe(0);
  });
});

/** All of `items` as one page of a list. */
function page<T>(items: T[]) {
  return { items, totalItems: items.length, pageInfo: {} };
}
