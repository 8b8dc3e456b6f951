import { createBackendModule } from '@backstage/backend-plugin-api';
import { NotAllowedError, InputError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/**
 * Development only, like guest sign-in: `GET /api/auth/development-user/refresh?user=<name>` signs in
 * as the catalog User `user:development/<name>` (e.g. the reviewer of examples/org.yaml), so what
 * needs two people, such as approving someone else's promotion, can be tried and tested in the
 * development portal. Refused unless NODE_ENV is development; only Users of the `development`
 * namespace, with their catalog memberships.
 */
const developmentUserAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: { user: string }) => ({
    profile: { displayName: result.user },
  }),
  initialize: () => ({ enabled: process.env.NODE_ENV === 'development' }),
  async authenticate({ req }, { enabled }) {
    if (!enabled) {
      throw new NotAllowedError(
        'Signing in as a development user is only possible in development',
      );
    }
    const user = req.query.user;
    if (typeof user !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(user)) {
      throw new InputError('Give the user to sign in as: ?user=<name>');
    }
    return { result: { user } };
  },
});

export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-user-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'development-user',
          factory: createProxyAuthProviderFactory({
            authenticator: developmentUserAuthenticator,
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: {
                  kind: 'User',
                  namespace: 'development',
                  name: result.user,
                },
              }),
          }),
        });
      },
    });
  },
});
