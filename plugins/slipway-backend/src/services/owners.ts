import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import { actorOf, type ServiceContext } from './context';

/** Asks the catalog; a catalog that does not answer is a 503, never a guess. */
async function ask<T>(what: string, question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    throw new ServiceUnavailableError(
      `Could not check ${what} in the catalog: ${error}; try again`,
    );
  }
}

/**
 * Refuses (400, naming it) an owner the catalog does not know. The caller's own ref is always
 * accepted: a signed-in user owns what they make even before the catalog lists them (a guest).
 */
export async function requireKnownOwner(
  ctx: Pick<ServiceContext, 'directory'>,
  credentials: BackstageCredentials,
  owner: string,
): Promise<void> {
  const directory = ctx.directory;
  if (!directory) return;
  if (owner === actorOf(credentials).toLocaleLowerCase('en-US')) return;
  const known = await ask(`owner ${owner}`, () => directory.knows(owner));
  if (!known) {
    throw new InputError(
      `Owner "${owner}" is not a User or Group in the catalog; choose one it knows`,
    );
  }
}

/**
 * Why promotions into an app owned by `owner` could never be approved, if so: only the owner's
 * members may promote to it, and nobody approves their own promotion, so at least two members
 * are needed (then every requester leaves someone else). A User owner is one person.
 */
export async function approvalDeadlock(
  ctx: Pick<ServiceContext, 'directory'>,
  owner: string,
): Promise<string | undefined> {
  const directory = ctx.directory;
  if (!directory) return undefined;
  const kind = parseEntityRef(owner).kind.toLocaleLowerCase('en-US');
  if (kind === 'user') {
    return `the owner ${owner} is a single user, who may not approve their own promotions; transfer the app to a group with at least two members first`;
  }
  const members = await ask(`the members of ${owner}`, () =>
    directory.membersOf(owner),
  );
  if (members.length < 2) {
    return `the owning group ${owner} has ${
      members.length === 0 ? 'no members' : `only one member (${members[0]})`
    } in the catalog, and nobody approves their own promotion; a second member must be able to approve`;
  }
  return undefined;
}

/** Refuses (409) a change that would leave an app requiring approval that nobody could give. */
export async function requireApprover(
  ctx: Pick<ServiceContext, 'directory'>,
  app: string,
  owner: string,
): Promise<void> {
  const problem = await approvalDeadlock(ctx, owner);
  if (problem) {
    throw new ConflictError(`${app} cannot require approval: ${problem}`);
  }
}
