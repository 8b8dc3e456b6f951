import type { AuditorService } from '@backstage/backend-plugin-api';
import type { SlipwayNotifier } from '../notifications';
import type { PipelineAuthorizer } from '../permissions';
import type { ServiceContext } from '../services';

/** What the pipeline and promotion services work with, beyond every service's context. */
export type PipelineContext = ServiceContext & {
  pipelineAuthorizer: PipelineAuthorizer;
  notifier: SlipwayNotifier;
  /** Records what happens outside a request (expiry) in Backstage's audit log. */
  auditor?: Pick<AuditorService, 'createEvent'>;
  /** Tells open Pipeline pages to refetch (signals); absent where signals are not installed. */
  pipelineChanged?: (pipeline: string) => Promise<void>;
  /** How long a promotion waits for approval before it expires. */
  approvalTimeoutMs: number;
};
