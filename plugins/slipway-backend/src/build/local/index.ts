export { createLocalBuildExecutor, LocalBuildExecutor } from './executor';
export { readLocalBuilderSettings, type LocalBuilderSettings } from './config';
