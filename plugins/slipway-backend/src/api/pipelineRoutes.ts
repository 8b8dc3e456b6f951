import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import { cursorOptions, type PipelineServices } from '../pipelines';
import { mutation, query } from './audit';

/** Pipelines (`/pipelines`), promotion (`/apps/:app/promote`) and approvals (`/promotions/:id`). */
export function addPipelineRoutes(
  router: express.Router,
  deps: {
    pipelines?: PipelineServices;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
  },
): void {
  // Resolved per request, so the routes can be listed without services (see the route tests).
  const s = () => deps.pipelines!;
  const read = (handler: Parameters<typeof query>[1]) => query(deps, handler);
  const write = (
    eventId: string,
    handler: Parameters<typeof mutation>[2],
    meta?: Parameters<typeof mutation>[3],
  ) => mutation(deps, eventId, handler, meta);

  router.get(
    '/pipelines',
    read(async (req, res, c) => {
      res.json(await s().pipelines.list(c, cursorOptions(req.query)));
    }),
  );
  router.post(
    '/pipelines',
    write(
      'pipeline-create',
      async (req, res, c) => {
        res.status(201).json(await s().pipelines.create(c, req.body));
      },
      req => ({ pipeline: String(req.body?.name ?? '').slice(0, 64) }),
    ),
  );
  router.get(
    '/pipelines/:name',
    read(async (req, res, c) => {
      res.json(await s().pipelines.get(c, req.params.name));
    }),
  );
  router.delete(
    '/pipelines/:name',
    write(
      'pipeline-delete',
      async (req, res, c) => {
        await s().pipelines.delete(c, req.params.name);
        res.status(204).end();
      },
      req => ({ pipeline: req.params.name }),
    ),
  );
  router.put(
    '/pipelines/:name/apps/:app',
    write(
      'pipeline-couple',
      async (req, res, c) => {
        res.json(
          await s().pipelines.couple(
            c,
            req.params.name,
            req.params.app,
            req.body,
          ),
        );
      },
      req => ({
        pipeline: req.params.name,
        stage: String(req.body?.stage ?? ''),
      }),
    ),
  );
  router.delete(
    '/pipelines/:name/apps/:app',
    write(
      'pipeline-decouple',
      async (req, res, c) => {
        await s().pipelines.decouple(c, req.params.name, req.params.app);
        res.status(204).end();
      },
      req => ({ pipeline: req.params.name }),
    ),
  );

  router.post(
    '/apps/:app/promote',
    write(
      'promote',
      async (req, res, c) => {
        const outcome = await s().promotions.promote(
          c,
          req.params.app,
          req.body,
        );
        res.status(outcome.status).json({ promotions: outcome.promotions });
      },
      req => ({
        to: Array.isArray(req.body?.to)
          ? req.body.to.slice(0, 50).map(String)
          : [],
      }),
    ),
  );
  router.get(
    '/promotions/:id',
    read(async (req, res, c) => {
      res.json(await s().promotions.get(c, req.params.id));
    }),
  );
  router.post(
    '/promotions/:id/approve',
    write(
      'promotion-approve',
      async (req, res, c) => {
        res.status(201).json(await s().promotions.approve(c, req.params.id));
      },
      req => ({ promotion: req.params.id }),
    ),
  );
  router.post(
    '/promotions/:id/reject',
    write(
      'promotion-reject',
      async (req, res, c) => {
        res.json(await s().promotions.reject(c, req.params.id));
      },
      req => ({ promotion: req.params.id }),
    ),
  );
}
