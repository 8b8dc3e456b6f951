import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { BuildRecord, PromotionRecord } from '../ledger';
import { actorName } from '../domain/names';
import { portalLinks } from './links';

const TOPIC = 'slipway';

/** What Slipway tells people, each with a link to the page where they act. */
export type SlipwayNotifier = {
  /** To the target's owners: a promotion waits for their approval. */
  approvalRequested(
    promotion: PromotionRecord,
    targetOwner: string,
  ): Promise<void>;
  /** To the requester: their promotion was approved, rejected, expired or superseded. */
  promotionDecided(promotion: PromotionRecord): Promise<void>;
  /** To the app's owners. */
  releaseFailed(
    app: { name: string; owner: string },
    version: number,
    reason: string,
  ): Promise<void>;
  /** To the app's owners. */
  buildFailed(
    app: { name: string; owner: string },
    build: Pick<BuildRecord, 'id' | 'sha' | 'createdBy'>,
  ): Promise<void>;
};

/** Sends nothing (when the notifications plugin is not installed). */
export const silentNotifier: SlipwayNotifier = {
  approvalRequested: async () => {},
  promotionDecided: async () => {},
  releaseFailed: async () => {},
  buildFailed: async () => {},
};

/**
 * Sends through Backstage's notifications plugin. Entity recipients that are groups reach their
 * members. A notification that cannot be sent is logged, never fails the change it reports.
 */
export function notificationsNotifier(
  notifications: NotificationService,
  logger: LoggerService,
): SlipwayNotifier {
  const send = async (
    entityRef: string,
    payload: {
      title: string;
      description: string;
      link: string;
      severity: 'critical' | 'high' | 'normal' | 'low';
      scope: string;
    },
  ) => {
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef },
        payload: { ...payload, topic: TOPIC },
      });
    } catch (error) {
      logger.warn(`Could not send notification "${payload.title}": ${error}`);
    }
  };
  const build = (p: PromotionRecord) => p.buildId.slice(0, 8);
  return {
    approvalRequested: (p, targetOwner) =>
      send(targetOwner, {
        title: `Approve promotion to ${p.target}?`,
        description: `${actorName(p.requestedBy)} wants to promote ${
          p.source
        } v${p.sourceVersion} to ${p.target}. A different user must approve it${
          p.expiresAt ? ` before ${p.expiresAt}` : ''
        }.`,
        link: portalLinks.pipeline(p.pipeline),
        severity: 'high',
        scope: `promotion:${p.id}`,
      }),
    promotionDecided: p =>
      send(p.requestedBy, {
        title: `Promotion to ${p.target} ${p.status}`,
        description: `Your promotion of ${p.source} v${
          p.sourceVersion
        } (build ${build(p)}) to ${p.target} was ${p.status}${
          p.decidedBy && p.status !== 'expired'
            ? ` by ${actorName(p.decidedBy)}`
            : ''
        }${p.version ? `: ${p.target} v${p.version}` : ''}.`,
        link: portalLinks.pipeline(p.pipeline),
        severity: p.status === 'approved' ? 'normal' : 'high',
        scope: `promotion:${p.id}`,
      }),
    releaseFailed: (app, version, reason) =>
      send(app.owner, {
        title: `${app.name} v${version} failed`,
        description: `${reason.slice(
          0,
          500,
        )}; the previous release keeps serving.`,
        link: portalLinks.appReleases(app.name),
        severity: 'critical',
        scope: `release:${app.name}:${version}`,
      }),
    buildFailed: (app, b) =>
      send(app.owner, {
        title: `A build of ${app.name} failed`,
        description: `${actorName(b.createdBy)}'s build${
          b.sha ? ` of ${b.sha.slice(0, 7)}` : ''
        } failed; see its log.`,
        link: portalLinks.appBuilds(app.name),
        severity: 'high',
        scope: `build:${app.name}:${b.id}`,
      }),
  };
}
