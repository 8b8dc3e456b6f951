export { AppAuthorizer } from './AppAuthorizer';
export { registerAppResourceType, slipwayAppResourceRef } from './resource';
export { CatalogOwnership, type OwnershipResolver } from './CatalogOwnership';
export { PipelineAuthorizer } from './PipelineAuthorizer';
export {
  registerPipelineResourceType,
  slipwayPipelineResourceRef,
} from './pipelineResource';
export { CatalogDirectory, type OwnerDirectory } from './CatalogDirectory';
