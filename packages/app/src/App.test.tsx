import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the portal with "Apps" in the sidebar, leading to /slipway', async () => {
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
    render(App.createRoot());

    const apps = await screen.findByRole(
      'link',
      { name: /^Apps$/ },
      { timeout: 20_000 },
    );
    expect(apps).toHaveAttribute('href', '/slipway');
  }, 30_000);
});
