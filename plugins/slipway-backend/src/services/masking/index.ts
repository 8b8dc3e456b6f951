export { outputMask, outputMasks } from './appMask';
export {
  MASK,
  MIN_MASKED_LENGTH,
  UNMASKED,
  maskJson,
  maskLines,
  secretMask,
  type Mask,
} from '../../domain/secretMask';
