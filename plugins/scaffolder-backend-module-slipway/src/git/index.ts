export { runGit } from './runGit';
export {
  commitDirectory,
  listFiles,
  type GitIdentity,
} from './commitDirectory';
export { pushWithToken } from './pushWithToken';
