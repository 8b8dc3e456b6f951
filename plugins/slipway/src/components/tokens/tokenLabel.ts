import type { DeployToken } from '@slipway/plugin-slipway-common';

/** How a token is named to people: its description, else its id. */
export function tokenLabel(token: DeployToken): string {
  return token.description
    ? `token "${token.description}"`
    : `token ${token.id}`;
}
