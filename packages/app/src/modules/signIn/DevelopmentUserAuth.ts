import type {
  BackstageIdentityResponse,
  DiscoveryApi,
  ProfileInfo,
} from '@backstage/core-plugin-api';

type Session = {
  identity: BackstageIdentityResponse;
  profile: ProfileInfo;
  /** When to refresh: a minute before the token expires. */
  refreshAt: number;
};

/**
 * Signs in as a development user, `user:development/<name>`, through the backend's development-only
 * provider (`GET /api/auth/development-user/refresh?user=<name>`, packages/backend). Like guest
 * sign-in there is no popup and no cookie: every refresh asks the provider again, which answers
 * only while the backend runs in development.
 */
export class DevelopmentUserAuth {
  private session?: Session;

  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly user: string,
  ) {}

  async getBackstageIdentity(): Promise<BackstageIdentityResponse> {
    return (await this.current()).identity;
  }

  async getProfile(): Promise<ProfileInfo> {
    return (await this.current()).profile;
  }

  async signIn(): Promise<void> {
    await this.current();
  }

  async signOut(): Promise<void> {
    this.session = undefined;
  }

  private async current(): Promise<Session> {
    if (this.session && Date.now() < this.session.refreshAt)
      return this.session;
    const base = await this.discoveryApi.getBaseUrl('auth');
    const response = await fetch(
      `${base}/development-user/refresh?env=development&user=${encodeURIComponent(
        this.user,
      )}`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    if (!response.ok) {
      throw new Error(
        `Could not sign in as ${this.user}: ${
          response.status
        } ${await response.text()}`,
      );
    }
    const body = await response.json();
    const identity = body.backstageIdentity as BackstageIdentityResponse & {
      expiresInSeconds?: number;
    };
    this.session = {
      identity,
      profile: body.profile ?? {},
      refreshAt: Date.now() + ((identity.expiresInSeconds ?? 600) - 60) * 1000,
    };
    return this.session;
  }
}
