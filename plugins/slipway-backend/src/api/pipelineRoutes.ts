import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type express from 'express';
import type { PipelineServices } from '../pipelines';
import { auditing } from './audit';

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
  const { read, write } = auditing(deps);

  router.get('/pipelines', (req, res) =>
    read(req, async c => {
      res.json(await s().pipelines.list(c, req.query));
    }),
  );
  router.post('/pipelines', (req, res) =>
    write(
      req,
      'pipeline-create',
      async c => {
        res.status(201).json(await s().pipelines.create(c, req.body));
      },
      { pipeline: req.body.name },
    ),
  );
  router.get('/pipelines/:name', (req, res) =>
    read(req, async c => {
      res.json(await s().pipelines.get(c, req.params.name));
    }),
  );
  router.delete('/pipelines/:name', (req, res) =>
    write(
      req,
      'pipeline-delete',
      async c => {
        await s().pipelines.delete(c, req.params.name);
        res.status(204).end();
      },
      { pipeline: req.params.name },
    ),
  );
  router.put('/pipelines/:name/apps/:app', (req, res) =>
    write(
      req,
      'pipeline-couple',
      async c => {
        res.json(
          await s().pipelines.couple(
            c,
            req.params.name,
            req.params.app,
            req.body,
          ),
        );
      },
      { pipeline: req.params.name, stage: req.body.stage },
    ),
  );
  router.delete('/pipelines/:name/apps/:app', (req, res) =>
    write(
      req,
      'pipeline-decouple',
      async c => {
        await s().pipelines.decouple(c, req.params.name, req.params.app);
        res.status(204).end();
      },
      { pipeline: req.params.name },
    ),
  );

  router.post('/apps/:app/promote', (req, res) =>
    write(
      req,
      'promote',
      async c => {
        const outcome = await s().promotions.promote(
          c,
          req.params.app,
          req.body,
        );
        res.status(outcome.status).json({ promotions: outcome.promotions });
      },
      // The body is optional: without one there is none to read.
      { to: req.body?.to ?? [] },
    ),
  );
  router.get('/promotions/:id', (req, res) =>
    read(req, async c => {
      res.json(await s().promotions.get(c, req.params.id));
    }),
  );
  router.post('/promotions/:id/approve', (req, res) =>
    write(
      req,
      'promotion-approve',
      async c => {
        res.status(201).json(await s().promotions.approve(c, req.params.id));
      },
      { promotion: req.params.id },
    ),
  );
  router.post('/promotions/:id/withdraw', (req, res) =>
    write(
      req,
      'promotion-withdraw',
      async c => {
        res.json(await s().promotions.withdraw(c, req.params.id));
      },
      { promotion: req.params.id },
    ),
  );
  router.post('/promotions/:id/reject', (req, res) =>
    write(
      req,
      'promotion-reject',
      async c => {
        res.json(await s().promotions.reject(c, req.params.id));
      },
      { promotion: req.params.id },
    ),
  );
}
