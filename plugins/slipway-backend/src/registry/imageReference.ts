/**
 * The parts of a repository reference like `registry.example.com:5000/team/shop`: the registry host
 * (what docker config `auths` and the distribution API are keyed by) and the repository path in it.
 */
export type RepositoryReference = { host: string; path: string };

const HOST = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
export const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Splits `host[:port]/path`; throws naming `where` when it is not a repository reference. */
export function parseRepository(
  reference: string,
  where: string,
): RepositoryReference {
  const slash = reference.indexOf('/');
  const host = slash > 0 ? reference.slice(0, slash) : '';
  const path = slash > 0 ? reference.slice(slash + 1) : '';
  if (
    !HOST.test(host) ||
    !(host.includes('.') || host.includes(':') || host === 'localhost') ||
    path === '' ||
    !path.split('/').every(c => PATH_COMPONENT.test(c))
  ) {
    throw new Error(
      `${where} must be a repository like registry.example.com/team (a registry host, then a lowercase path), got "${reference.slice(
        0,
        100,
      )}"`,
    );
  }
  return { host, path };
}
