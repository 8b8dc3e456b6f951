export { AppSignals } from './AppSignals';
export { APPS_CHANNEL, appChannel } from './channels';
export { signallingReconciler } from './signallingReconciler';
