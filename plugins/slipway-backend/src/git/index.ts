export { createGitRouter } from './router';
export { GitRepositories } from './repositories';
export { DEPLOY_BRANCHES } from './deploy';
export type {
  BuildToRecord,
  GitApps,
  GitIdentity,
  GitBuilds,
  GitReleases,
  GitRemoteDeps,
  GitTokens,
} from './types';
export { gitLedgerDeps } from './ledgerDeps';
