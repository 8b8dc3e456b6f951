import { mockCredentials } from '@backstage/backend-test-utils';
import type { OwnerDirectory } from '../permissions';
import { approvalDeadlock, requireKnownOwner } from './owners';

/** A catalog of one user, ops (two members), solo (one member) and empty (none). */
const directory: OwnerDirectory = {
  knows: async ref =>
    ['user:default/jane', 'group:default/ops', 'group:default/solo'].includes(
      ref,
    ),
  membersOf: async ref =>
    ({
      'group:default/ops': ['user:default/jane', 'user:default/ann'],
      'group:default/solo': ['user:default/jane'],
    }[ref] ?? []),
};

describe('who could approve', () => {
  it('needs a group owner with at least two members', async () => {
    expect(
      await approvalDeadlock({ directory }, 'group:default/ops'),
    ).toBeUndefined();
    expect(await approvalDeadlock({ directory }, 'group:default/solo')).toBe(
      'the owning group group:default/solo has only one member (user:default/jane) in the catalog, and nobody approves their own promotion; a second member must be able to approve',
    );
    expect(
      await approvalDeadlock({ directory }, 'group:default/empty'),
    ).toMatch(/has no members in the catalog/);
    expect(await approvalDeadlock({ directory }, 'user:default/jane')).toMatch(
      /is a single user, who may not approve their own promotions/,
    );
  });

  it('answers 503 rather than guessing when the catalog does not answer', async () => {
    const down: OwnerDirectory = {
      knows: async () => {
        throw new Error('ECONNREFUSED');
      },
      membersOf: async () => {
        throw new Error('ECONNREFUSED');
      },
    };
    await expect(
      approvalDeadlock({ directory: down }, 'group:default/ops'),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    await expect(
      requireKnownOwner(
        { directory: down },
        mockCredentials.user('user:default/jane'),
        'group:default/ops',
      ),
    ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });

  it('takes the caller as owner without asking the catalog', async () => {
    await expect(
      requireKnownOwner(
        { directory },
        mockCredentials.user('user:default/guest'),
        'user:default/guest',
      ),
    ).resolves.toBeUndefined();
    await expect(
      requireKnownOwner(
        { directory },
        mockCredentials.user('user:default/guest'),
        'group:default/nope',
      ),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
