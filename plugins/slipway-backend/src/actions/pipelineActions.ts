import { fields } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

/** promote, approve-promotion, reject-promotion. */
export function registerPipelineActions(ctx: ActionContext): void {
  const { registry, pipelines: p } = ctx;
  const promotionId = (z: Parameters<typeof fields>[0]) =>
    z.string().min(1).max(64).describe('Id of a pending promotion');
  const promotionShape = (z: Parameters<typeof fields>[0]) =>
    z
      .object({ id: z.string().optional(), status: z.string().optional() })
      .passthrough();

  registry.register({
    name: 'promote',
    title: 'Promote an app down its pipeline',
    description:
      'Promotes the app’s current build (same slug or image) to the apps of the next stage of its ' +
      'pipeline, or to the apps named in `to` (like `heroku pipelines:promote`). Each target keeps its ' +
      'own config. Targets that require approval get a pending promotion instead of a release.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          to: z
            .array(z.string().min(1).max(30))
            .min(1)
            .max(50)
            .optional()
            .describe('App names of later stages (default: the next stage)'),
        }),
      output: z =>
        z.object({
          waitingForApproval: z.boolean(),
          promotions: z.array(z.record(z.unknown())),
        }),
    },
    action: async ({ input, credentials }) => {
      const outcome = await auditedChange(
        ctx,
        credentials,
        'promote',
        { app: input.app, to: input.to ?? [] },
        () =>
          p.promotions.promote(
            credentials,
            input.app,
            input.to ? { to: input.to } : {},
          ),
      );
      return {
        output: {
          waitingForApproval: outcome.status === 202,
          promotions: plain(outcome.promotions),
        },
      };
    },
  });

  registry.register({
    name: 'approve-promotion',
    title: 'Approve a promotion',
    description:
      'Approves a pending promotion, making the target app’s release. The approver must be allowed to ' +
      'update the target and must not be the user who asked for the promotion.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z => z.object({ id: promotionId(z) }),
      output: z => z.object({ result: z.record(z.unknown()) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        result: plain(
          await auditedChange(
            ctx,
            credentials,
            'promotion-approve',
            { promotion: input.id },
            () => p.promotions.approve(credentials, input.id),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'reject-promotion',
    title: 'Reject a promotion',
    description:
      'Ends a pending promotion without a release. The same rules as approving: allowed to update the ' +
      'target, and not the requester.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z => z.object({ id: promotionId(z) }),
      output: z => z.object({ promotion: promotionShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        promotion: plain(
          await auditedChange(
            ctx,
            credentials,
            'promotion-reject',
            { promotion: input.id },
            () => p.promotions.reject(credentials, input.id),
          ),
        ),
      },
    }),
  });
}
