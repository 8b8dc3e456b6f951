export { AppAuthorizer } from './AppAuthorizer';
export { registerAppResourceType, slipwayAppResourceRef } from './resource';
export { PipelineAuthorizer } from './PipelineAuthorizer';
export {
  registerPipelineResourceType,
  slipwayPipelineResourceRef,
} from './pipelineResource';
