export {
  readSourceFile,
  hasSourceEntry,
  isSourceFile,
  writeTreeFile,
  removeTreeFile,
  removeTreeDirectory,
  listTreeDirectory,
  MAX_SOURCE_FILE_BYTES,
} from './sourceFiles';
export { SourceFileError, openTreeDirectory } from './treeDirectory';
export {
  DEFAULT_SOURCE_LIMITS,
  readSourceLimits,
  SourceTooLargeError,
  tooDeep,
  tooManyBytes,
  tooManyEntries,
  type SourceLimits,
} from './sourceLimits';
export { checkSourceTree } from './measureSource';
export { hashFile } from './hashFile';
