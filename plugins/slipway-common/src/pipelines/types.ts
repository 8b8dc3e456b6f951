import type { Build, ReleaseStatus } from '../types';

/** Stages of a pipeline, in promotion order (Heroku's). */
export const PIPELINE_STAGES = [
  'review',
  'development',
  'staging',
  'production',
] as const;

export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** An app coupled to a pipeline, with what it runs now. */
export type PipelineApp = {
  name: string;
  stage: PipelineStage;
  /** The current (newest not failed) release. */
  release?: {
    version: number;
    status: ReleaseStatus;
    summary: string;
    createdAt: string;
    build?: Pick<Build, 'id' | 'image' | 'sha'>;
  };
  /** The status of the newest release (a failed rollout shows here). */
  status?: ReleaseStatus;
};

/** `GET /pipelines/:name`; the list has the same shape. */
export type Pipeline = {
  name: string;
  owner: string;
  createdAt: string;
  stages: Record<PipelineStage, PipelineApp[]>;
  /** Promotions waiting for approval (only in `GET /pipelines/:name`). */
  pending?: Promotion[];
  /** The newest decided promotions, newest first (only in `GET /pipelines/:name`). */
  history?: Promotion[];
};

export type PromotionStatus =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'superseded'
  | 'promoted'
  | 'withdrawn';

/** A promotion of a source app's build into a target app, approved or not. */
export type Promotion = {
  id: string;
  pipeline: string;
  source: string;
  sourceVersion: number;
  target: string;
  /** The promoted build's git sha and image. */
  sha?: string;
  image: string;
  status: PromotionStatus;
  requestedBy: string;
  requestedAt: string;
  expiresAt?: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The target's release the promotion made. */
  version?: number;
};

/** One entry of the answer of `POST /apps/:app/promote` and of approve. */
export type PromotionResult = {
  /** The promotion; pending promotions are approved or rejected by it. */
  id: string;
  app: string;
  /** The target's new release (absent while the promotion waits for approval). */
  version?: number;
  /** The new release's status, or `pending` for a promotion waiting for approval. */
  status: ReleaseStatus;
};
