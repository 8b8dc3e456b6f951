import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from '../../App';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), {
    headers: { 'Content-Type': 'application/json' },
  });

describe('the sign-in page', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it('offers Guest and, in development, the second user who reviews promotions', async () => {
    process.env = {
      NODE_ENV: 'development',
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
    const fetched: string[] = [];
    jest.spyOn(global, 'fetch').mockImplementation(async input => {
      const url = String(input instanceof Request ? input.url : input);
      fetched.push(url);
      if (url.startsWith('http://localhost:7007/api/auth/development-user/')) {
        return json({
          profile: { displayName: 'Reviewer' },
          backstageIdentity: {
            token: 'a.b.c',
            expiresInSeconds: 3600,
            identity: {
              type: 'user',
              userEntityRef: 'user:development/reviewer',
              ownershipEntityRefs: ['user:development/reviewer'],
            },
          },
        });
      }
      return json({ items: [], totalItems: 0, pageInfo: {}, unread: 0 });
    });
    render(App.createRoot());

    expect(
      await screen.findByText('Reviewer', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(
      screen.getByText(/Sign in as user:development\/reviewer/),
    ).toBeInTheDocument();

    const buttons = screen.getAllByRole('button', { name: /sign in/i });
    await userEvent.click(buttons[buttons.length - 1]);
    expect(fetched).toContain(
      'http://localhost:7007/api/auth/development-user/refresh?env=development&user=reviewer',
    );
  });
});
