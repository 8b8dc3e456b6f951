export {
  notificationsNotifier,
  silentNotifier,
  type SlipwayNotifier,
} from './SlipwayNotifier';
export { failureHooks } from './failureHooks';
export { portalLinks } from './links';
