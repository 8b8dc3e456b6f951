import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';

describe('App', () => {
  afterEach(() => jest.restoreAllMocks());

  it('renders the portal with "Apps" in the sidebar, leading to the apps page at /slipway', async () => {
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
    // No backend either: the apps list is empty, everything else is unreachable.
    jest.spyOn(global, 'fetch').mockImplementation(async input => {
      const url = String(input instanceof Request ? input.url : input);
      if (/^http:\/\/localhost:7007\/api\/slipway\/apps(\?|$)/.test(url)) {
        const page = { items: [], totalItems: 0, pageInfo: {} };
        return new Response(JSON.stringify(page), {
          headers: { 'Content-Type': 'application/json' },
        });
      }
      throw new TypeError(`unreachable in this test: ${url}`);
    });
    render(App.createRoot());

    const apps = await screen.findByRole(
      'link',
      { name: /^Apps$/ },
      { timeout: 20_000 },
    );
    expect(apps).toHaveAttribute('href', '/slipway');

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
    expect(screen.getByRole('link', { name: 'Create app' })).toHaveAttribute(
      'href',
      '/create',
    );
  }, 60_000);
});
