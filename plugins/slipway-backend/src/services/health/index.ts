export { HealthMonitor, type HealthChange } from './HealthMonitor';
export { healthReconciler } from './healthReconciler';
export { CrashNotices, CRASH_NOTICE_QUIET_MS } from './CrashNotices';
