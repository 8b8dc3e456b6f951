import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { BuildRecord, PromotionRecord } from '../ledger';
import { actorName } from '../domain/names';
import { portalLinks } from './links';

const TOPIC = 'slipway';

/** What Slipway tells people, each with a link to the page where they act. */
export type SlipwayNotifier = {
  /** To the target's owners but the requester: a promotion waits for their approval. */
  approvalRequested(
    promotion: PromotionRecord,
    targetOwner: string,
  ): Promise<void>;
  /**
   * To the target's owners: the promotion they were asked to approve was decided or withdrawn.
   * Same scope as the request, so Backstage replaces the "Approve?" notification in place.
   */
  approvalClosed(
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
  /** To the app's owners, once per crash loop (when its health turns `crashing`). */
  crashLooping(
    app: { name: string; owner: string },
    processes: { name: string; message?: string }[],
    since: string,
  ): Promise<void>;
  /** To the app's owners. */
  buildFailed(
    app: { name: string; owner: string },
    build: Pick<BuildRecord, 'id' | 'sha' | 'createdBy'>,
  ): Promise<void>;
  /** To the app's owners: an automatic (ACME) certificate could not be issued or renewed. */
  autoTlsFailed(
    app: { name: string; owner: string },
    domain: string,
    reason: string,
  ): Promise<void>;
};

/** Sends nothing (when the notifications plugin is not installed). */
export const silentNotifier: SlipwayNotifier = {
  approvalRequested: async () => {},
  approvalClosed: async () => {},
  promotionDecided: async () => {},
  releaseFailed: async () => {},
  crashLooping: async () => {},
  buildFailed: async () => {},
  autoTlsFailed: async () => {},
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
    excludeEntityRef?: string,
  ) => {
    try {
      await notifications.send({
        recipients: {
          type: 'entity',
          entityRef,
          ...(excludeEntityRef ? { excludeEntityRef } : {}),
        },
        payload: { ...payload, topic: TOPIC },
      });
    } catch (error) {
      logger.warn(`Could not send notification "${payload.title}": ${error}`);
    }
  };
  const build = (p: PromotionRecord) => p.buildId.slice(0, 8);
  return {
    approvalRequested: (p, targetOwner) =>
      send(
        targetOwner,
        {
          title: `Approve promotion to ${p.target}?`,
          description: `${actorName(p.requestedBy)} wants to promote ${
            p.source
          } v${p.sourceVersion} to ${
            p.target
          }. A different user must approve it${
            p.expiresAt ? ` before ${p.expiresAt}` : ''
          }.`,
          link: portalLinks.pipeline(p.pipeline),
          severity: 'high',
          scope: `promotion:${p.id}`,
        },
        // Nobody approves their own promotion: the requester is not asked.
        p.requestedBy,
      ),
    approvalClosed: (p, targetOwner) =>
      send(
        targetOwner,
        {
          title: `Promotion to ${p.target} ${p.status}`,
          description: `${actorName(p.requestedBy)}'s promotion of ${
            p.source
          } v${p.sourceVersion} to ${p.target} was ${p.status}${
            p.decidedBy && p.status !== 'expired'
              ? ` by ${actorName(p.decidedBy)}`
              : ''
          }; nothing is left to approve.`,
          link: portalLinks.pipeline(p.pipeline),
          severity: 'low',
          scope: `promotion:${p.id}`,
        },
        // The requester hears of it through promotionDecided (the same scope).
        p.requestedBy,
      ),
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
    crashLooping: (app, processes, since) =>
      send(app.owner, {
        title: `${app.name} is crashing`,
        description: `${
          processes.map(p => p.name).join(', ') || 'Its processes'
        } keep${processes.length === 1 ? 's' : ''} exiting${
          processes[0]?.message
            ? ` (${processes[0].message.slice(0, 300)})`
            : ''
        }; see its logs.`,
        link: portalLinks.appLogs(app.name),
        severity: 'critical',
        // One notification per crash loop: the loop's start names it.
        scope: `crash:${app.name}:${since}`,
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
    autoTlsFailed: (app, domain, reason) =>
      send(app.owner, {
        title: `No certificate for ${domain}`,
        description: `The ACME directory could not issue ${
          app.name
        }'s certificate for ${domain}: ${reason.slice(
          0,
          400,
        )}. The domain keeps its current certificate or plain HTTP; Slipway retries.`,
        link: portalLinks.appDomains(app.name),
        severity: 'high',
        // One notification per domain, replaced in place on the next failure.
        scope: `acme:${app.name}:${domain}`,
      }),
  };
}
