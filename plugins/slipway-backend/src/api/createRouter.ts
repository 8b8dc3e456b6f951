import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import type { PipelineServices } from '../pipelines';
import { createOpenApiRouter } from '../schema/openapi/generated';
import type { SlipwayServices } from '../services';
import { parseVersion } from '../services';
import { auditing } from './audit';
import { errorBodies } from './errorBodies';
import { sendLogs } from './logs';
import { streamRun, wantsRunStream } from './runOutput';
import { addPipelineRoutes } from './pipelineRoutes';
import { nameFieldsInValidationErrors } from './validationErrors';

/**
 * The REST API (`/api/slipway`, see docs/design.md), typed and validated by the router generated
 * from `schema/openapi.yaml`: a request that does not match the spec is refused with 400 before any
 * route runs, and the spec is served at `/openapi.json`. Every rule lives in the services.
 */
export async function createRouter(deps: {
  services: SlipwayServices;
  pipelines?: PipelineServices;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  /** Where internal errors go (their responses carry only a log id). */
  logger?: LoggerService;
}): Promise<express.Router> {
  const { services: s } = deps;
  const { read, write } = auditing(deps);
  const router = await createOpenApiRouter({
    // Config may hold up to 1 MiB of values; certificates a few KiB.
    middleware: [express.json({ limit: '4mb' })],
  });
  nameFieldsInValidationErrors(router);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Apps
  router.get('/apps', (req, res) =>
    read(req, async c => {
      res.json(await s.apps.list(c, req.query));
    }),
  );
  router.post('/apps', (req, res) =>
    write(
      req,
      'app-create',
      async c => {
        res.status(201).json(await s.apps.create(c, req.body));
      },
      { app: req.body.name },
    ),
  );
  router.get('/apps/:app', (req, res) =>
    read(req, async c => {
      res.json(await s.apps.get(c, req.params.app));
    }),
  );
  // PATCH is not in the generated router's types (only get/post/put/delete); it is validated all the same.
  router.patch('/apps/:app', (req, res) =>
    write(req, 'app-transfer', async c => {
      res.json(await s.apps.transfer(c, req.params.app, req.body));
    }),
  );
  router.delete('/apps/:app', (req, res) =>
    write(req, 'app-delete', async c => {
      await s.apps.delete(c, req.params.app);
      res.status(204).end();
    }),
  );

  // Metrics
  router.get('/apps/:app/metrics', (req, res) =>
    read(req, async c => {
      res.json(await s.metrics.get(c, req.params.app, req.query));
    }),
  );

  router.get('/metrics/requests', (req, res) =>
    read(req, async c => {
      res.json(await s.metrics.totals(c, req.query));
    }),
  );

  // Delivery figures (DORA)
  router.get('/apps/:app/delivery', (req, res) =>
    read(req, async c => {
      res.json(await s.delivery.forApp(c, req.params.app, req.query.days));
    }),
  );
  router.get('/delivery', (req, res) =>
    read(req, async c => {
      res.json(await s.delivery.forOwner(c, req.query.owner, req.query.days));
    }),
  );

  // Config
  router.get('/apps/:app/config', (req, res) =>
    read(req, async c => {
      res.json(await s.config.get(c, req.params.app));
    }),
  );
  router.patch('/apps/:app/config', (req, res) =>
    write(
      req,
      'config-update',
      async c => {
        res.status(201).json(await s.config.patch(c, req.params.app, req.body));
      },
      { keys: Object.keys(req.body.values ?? {}) },
    ),
  );

  // Builds
  router.get('/apps/:app/builds', (req, res) =>
    read(req, async c => {
      res.json(await s.builds.list(c, req.params.app, req.query));
    }),
  );
  router.get('/apps/:app/builds/:id', (req, res) =>
    read(req, async c => {
      res.json(await s.builds.get(c, req.params.app, req.params.id));
    }),
  );
  router.post('/apps/:app/builds', (req, res) =>
    write(
      req,
      'deploy',
      async c => {
        res
          .status(201)
          .json(await s.builds.deploy(c, req.params.app, req.body));
      },
      { image: req.body.image },
    ),
  );

  // Releases
  router.get('/apps/:app/releases', (req, res) =>
    read(req, async c => {
      res.json(await s.releases.list(c, req.params.app, req.query));
    }),
  );
  router.post('/apps/:app/releases/rollback', (req, res) =>
    write(req, 'rollback', async c => {
      res
        .status(201)
        .json(await s.releases.rollback(c, req.params.app, req.body));
    }),
  );
  router.get('/apps/:app/releases/:version', (req, res) =>
    read(req, async c => {
      const version = parseVersion(req.params.version);
      res.json(await s.releases.get(c, req.params.app, version));
    }),
  );
  router.get('/apps/:app/releases/:from/diff/:to', (req, res) =>
    read(req, async c => {
      const from = parseVersion(req.params.from);
      const to = parseVersion(req.params.to);
      res.json(await s.releases.diff(c, req.params.app, from, to));
    }),
  );

  // Processes
  router.get('/apps/:app/processes', (req, res) =>
    read(req, async c => {
      res.json(await s.processes.list(c, req.params.app));
    }),
  );
  router.post('/apps/:app/scale', (req, res) =>
    write(req, 'scale', async c => {
      res.json(await s.processes.scale(c, req.params.app, req.body));
    }),
  );
  router.post('/apps/:app/restart', (req, res) =>
    write(req, 'restart', async c => {
      await s.processes.restart(c, req.params.app, req.body);
      res.status(204).end();
    }),
  );
  router.post('/apps/:app/run', (req, res) =>
    write(
      req,
      'run',
      async c => {
        // Followed as it runs when asked for (the portal does), else one JSON answer at the end.
        if (wantsRunStream(req)) {
          await streamRun(res, onLine =>
            s.processes.run(c, req.params.app, req.body, onLine),
          );
        } else {
          res.json(await s.processes.run(c, req.params.app, req.body));
        }
      },
      { command: req.body.command.slice(0, 4096) },
    ),
  );
  // Plain text, or server-sent events with `follow=true`.
  router.get('/apps/:app/logs', (req, res) =>
    read(req, async c => {
      const abort = new AbortController();
      const follow = req.query.follow === true;
      const lines = await s.processes.logs(c, req.params.app, {
        lines: req.query.lines,
        type: req.query.type,
        follow,
        previous: req.query.previous,
        signal: abort.signal,
      });
      await sendLogs(req, res, lines, follow, abort);
    }),
  );

  router.get('/apps/:app/logs/search', (req, res) =>
    read(req, async c => {
      res.json(await s.retainedLogs.search(c, req.params.app, req.query));
    }),
  );

  router.get('/apps/:app/drains', (req, res) =>
    read(req, async c => {
      res.json(await s.drains.list(c, req.params.app));
    }),
  );
  router.post('/apps/:app/drains', (req, res) =>
    write(req, 'drain-add', async c => {
      res.status(201).json(await s.drains.create(c, req.params.app, req.body));
    }),
  );
  router.delete('/apps/:app/drains/:id', (req, res) =>
    write(req, 'drain-remove', async c => {
      await s.drains.delete(c, req.params.app, req.params.id);
      res.status(204).end();
    }),
  );

  // Domains
  router.get('/apps/:app/domains', (req, res) =>
    read(req, async c => {
      res.json(await s.domains.list(c, req.params.app));
    }),
  );
  router.post('/apps/:app/domains', (req, res) =>
    write(
      req,
      'domain-add',
      async c => {
        res.status(201).json(await s.domains.add(c, req.params.app, req.body));
      },
      { domain: req.body.domain.slice(0, 255) },
    ),
  );
  router.delete('/apps/:app/domains/:domain', (req, res) =>
    write(
      req,
      'domain-remove',
      async c => {
        await s.domains.remove(c, req.params.app, req.params.domain);
        res.status(204).end();
      },
      { domain: req.params.domain },
    ),
  );

  // Certificates
  router.get('/apps/:app/certs', (req, res) =>
    read(req, async c => {
      res.json(await s.certs.list(c, req.params.app));
    }),
  );
  router.post('/apps/:app/certs', (req, res) =>
    write(
      req,
      'cert-add',
      async c => {
        res.status(201).json(await s.certs.add(c, req.params.app, req.body));
      },
      { cert: req.body.name.slice(0, 64) },
    ),
  );
  router.delete('/apps/:app/certs/:name', (req, res) =>
    write(
      req,
      'cert-remove',
      async c => {
        await s.certs.remove(c, req.params.app, req.params.name);
        res.status(204).end();
      },
      { cert: req.params.name },
    ),
  );
  router.post('/apps/:app/certs/:name/attach', (req, res) =>
    write(
      req,
      'cert-attach',
      async c => {
        res.json(
          await s.certs.attach(c, req.params.app, req.params.name, req.body),
        );
      },
      { cert: req.params.name },
    ),
  );
  router.post('/apps/:app/certs/:name/detach', (req, res) =>
    write(
      req,
      'cert-detach',
      async c => {
        res.json(
          await s.certs.detach(c, req.params.app, req.params.name, req.body),
        );
      },
      { cert: req.params.name },
    ),
  );

  // Settings
  router.get('/apps/:app/settings', (req, res) =>
    read(req, async c => {
      res.json(await s.settings.get(c, req.params.app));
    }),
  );
  router.patch('/apps/:app/settings', (req, res) =>
    write(req, 'settings-update', async c => {
      res.json(await s.settings.patch(c, req.params.app, req.body));
    }),
  );

  // Events
  router.get('/apps/:app/events', (req, res) =>
    read(req, async c => {
      res.json(await s.events.list(c, req.params.app, req.query));
    }),
  );

  // Deploy tokens
  router.get('/apps/:app/tokens', (req, res) =>
    read(req, async c => {
      res.json(await s.tokens.list(c, req.params.app));
    }),
  );
  router.post('/apps/:app/tokens', (req, res) =>
    write(req, 'token-create', async c => {
      res.status(201).json(await s.tokens.create(c, req.params.app, req.body));
    }),
  );
  router.delete('/apps/:app/tokens/:id', (req, res) =>
    write(
      req,
      'token-revoke',
      async c => {
        await s.tokens.revoke(c, req.params.app, req.params.id);
        res.status(204).end();
      },
      { token: req.params.id },
    ),
  );

  addPipelineRoutes(router, deps);

  // No stack traces or host paths in any answer, whatever NODE_ENV says.
  if (deps.logger) router.use(errorBodies(deps.logger));
  return router;
}
