import { SignInPage } from '@backstage/core-components';
import {
  ApiBlueprint,
  createApiRef,
  createFrontendModule,
  discoveryApiRef,
  type BackstageIdentityApi,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { DevelopmentUserAuth } from './DevelopmentUserAuth';

/** The second user of the development portal (examples/org.yaml), to approve guest's promotions. */
export const reviewerAuthApiRef = createApiRef<
  ProfileInfoApi & BackstageIdentityApi & SessionApi
>().with({ id: 'app.development-reviewer-auth', pluginId: 'app' });

const reviewerAuthApi = ApiBlueprint.make({
  name: 'development-reviewer',
  params: defineParams =>
    defineParams({
      api: reviewerAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) =>
        // The sign-in page uses identity, profile and sign-out only (no session observers).
        new DevelopmentUserAuth(
          discoveryApi,
          'reviewer',
        ) as unknown as ProfileInfoApi & BackstageIdentityApi & SessionApi,
    }),
});

/**
 * The sign-in page: Guest, and in development the reviewer too, so that what needs two people
 * (approving someone else's promotion) can be tried by a person. The backend refuses the reviewer
 * outside development anyway.
 */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      (
        <SignInPage
          {...props}
          providers={
            process.env.NODE_ENV === 'production'
              ? ['guest']
              : [
                  'guest',
                  {
                    id: 'development-reviewer',
                    title: 'Reviewer',
                    message:
                      'Sign in as user:development/reviewer, a second developer who may approve what Guest promotes (development only).',
                    apiRef: reviewerAuthApiRef,
                  },
                ]
          }
        />
      ),
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, reviewerAuthApi],
});
