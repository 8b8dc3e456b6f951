export { AppSignals } from './AppSignals';
export { APPS_CHANNEL, appChannel, pipelineChannel } from './channels';
export { signallingReconciler } from './signallingReconciler';
