export { RegistryClient, type RegistryAuth } from './RegistryClient';
export {
  parseRepository,
  DIGEST,
  type RepositoryReference,
} from './imageReference';
