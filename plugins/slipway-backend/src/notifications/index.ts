export {
  notificationsNotifier,
  silentNotifier,
  type SlipwayNotifier,
} from './SlipwayNotifier';
export { portalLinks } from './links';
