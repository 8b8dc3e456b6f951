import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
  });

/** Renders the whole app signed in as guest, with `unread` unread notifications. */
function renderApp(options: { unread: number }) {
  process.env = {
    NODE_ENV: 'test',
    APP_CONFIG: [
      {
        data: {
          app: { title: 'Test' },
          backend: { baseUrl: 'http://localhost:7007' },
        },
        context: 'test',
      },
    ] as any,
  };

  // No auth backend in this test: sign in with the frontend-only guest identity.
  localStorage.setItem('enableLegacyGuestToken', 'true');
  localStorage.setItem('@backstage/core:SignInPage:provider', 'guest');
  // No backend either: the apps list is empty, the notifications backend counts
  // `unread`, everything else is unreachable.
  jest.spyOn(global, 'fetch').mockImplementation(async input => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === 'http://localhost:7007/api/notifications/status') {
      return json({ unread: options.unread, read: 0 });
    }
    if (/^http:\/\/localhost:7007\/api\/slipway\/apps(\?|$)/.test(url)) {
      return json({ items: [], totalItems: 0, pageInfo: {} });
    }
    throw new TypeError(`unreachable in this test: ${url}`);
  });
  render(App.createRoot());
}

describe('App', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders the portal with "Apps" and "Notifications" (with the unread count) in the sidebar; Apps leads to /slipway', async () => {
    renderApp({ unread: 3 });

    const apps = await screen.findByRole(
      'link',
      { name: /^Apps$/ },
      { timeout: 20_000 },
    );
    expect(apps).toHaveAttribute('href', '/slipway');

    const badge = await screen.findByLabelText(
      'Unread notifications',
      undefined,
      { timeout: 10_000 },
    );
    expect(badge).toHaveTextContent('3');
    const notifications = badge.closest('a');
    expect(notifications).toHaveAttribute('href', '/notifications');
    expect(
      within(notifications!).getByText('Notifications'),
    ).toBeInTheDocument();

    await userEvent.click(apps);
    // The page loads lazily; allow for a slow, shared CI machine.
    expect(
      await screen.findByRole('heading', { name: 'Apps' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No apps yet. Create one to get started.',
        undefined,
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    // An empty app from a dialog, or the scaffolder's templates.
    expect(
      screen.getByRole('button', { name: 'Create app' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'From a template' }),
    ).toHaveAttribute('href', '/create');
  }, 60_000);
});
