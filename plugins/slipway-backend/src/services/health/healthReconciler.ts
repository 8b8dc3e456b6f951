import type { ServiceContext } from '../context';
import type { HealthMonitor } from './HealthMonitor';

type ReconcilerView = ServiceContext['reconciler'];

/**
 * The reconciler as the services see it, judging the app's health once each change has rolled
 * out (a deploy, a scale, maintenance switched on or off).
 */
export function healthReconciler(
  reconciler: ReconcilerView,
  health: HealthMonitor,
): ReconcilerView {
  return {
    schedule(app) {
      reconciler.schedule(app);
      void reconciler
        .idle(app)
        .then(() => health.check(app))
        .catch(() => undefined);
    },
    forget: app => reconciler.forget(app),
    desiredState: app => reconciler.desiredState(app),
    idle: app => reconciler.idle(app),
  };
}
