import type { ServiceContext } from '../services/context';
import type { AppSignals } from './AppSignals';

type ReconcilerView = ServiceContext['reconciler'];

/**
 * The reconciler as the services see it, signalling open pages twice per change: when the
 * change is committed (services schedule a reconcile after every commit: a new release,
 * build, scale, domain…) and when its rollout is done (release status and processes changed).
 */
export function signallingReconciler(
  reconciler: ReconcilerView,
  signals: AppSignals,
): ReconcilerView {
  return {
    schedule(app) {
      reconciler.schedule(app);
      void signals.appChanged(app);
      void reconciler
        .idle(app)
        .then(() => signals.appChanged(app))
        .catch(() => undefined);
    },
    forget: app => {
      reconciler.forget(app);
      void signals.appChanged(app);
    },
    desiredState: app => reconciler.desiredState(app),
    idle: app => reconciler.idle(app),
  };
}
