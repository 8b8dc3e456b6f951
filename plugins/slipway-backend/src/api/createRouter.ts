import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { PipelineServices } from '../pipelines';
import type { SlipwayServices } from '../services';
import { parseVersion } from '../services';
import { mutation, query } from './audit';
import { sendLogs } from './logs';
import { pageOptions } from './params';
import { addPipelineRoutes } from './pipelineRoutes';

/** The REST API of DESIGN.md (`/api/slipway`); every rule lives in the services. */
export function createRouter(deps: {
  services: SlipwayServices;
  pipelines?: PipelineServices;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}): express.Router {
  const { services: s } = deps;
  const router = Router();
  // Config may hold up to 1 MiB of values; certificates a few KiB.
  router.use(express.json({ limit: '4mb' }));

  const read = (handler: Parameters<typeof query>[1]) => query(deps, handler);
  const write = (
    eventId: string,
    handler: Parameters<typeof mutation>[2],
    meta?: Parameters<typeof mutation>[3],
  ) => mutation(deps, eventId, handler, meta);

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Apps
  router.get(
    '/apps',
    read(async (_req, res, c) => {
      res.json(await s.apps.list(c));
    }),
  );
  router.post(
    '/apps',
    write(
      'app-create',
      async (req, res, c) => {
        res.status(201).json(await s.apps.create(c, req.body));
      },
      req => ({ app: String(req.body?.name ?? '') }),
    ),
  );
  router.get(
    '/apps/:app',
    read(async (req, res, c) => {
      res.json(await s.apps.get(c, req.params.app));
    }),
  );
  router.patch(
    '/apps/:app',
    write('app-transfer', async (req, res, c) => {
      res.json(await s.apps.transfer(c, req.params.app, req.body));
    }),
  );
  router.delete(
    '/apps/:app',
    write('app-delete', async (req, res, c) => {
      await s.apps.delete(c, req.params.app);
      res.status(204).end();
    }),
  );

  // Config
  router.get(
    '/apps/:app/config',
    read(async (req, res, c) => {
      res.json(await s.config.get(c, req.params.app));
    }),
  );
  router.patch(
    '/apps/:app/config',
    write(
      'config-update',
      async (req, res, c) => {
        res.status(201).json(await s.config.patch(c, req.params.app, req.body));
      },
      req => ({ keys: Object.keys(req.body?.values ?? {}) }),
    ),
  );

  // Builds
  router.get(
    '/apps/:app/builds',
    read(async (req, res, c) => {
      res.json(await s.builds.list(c, req.params.app));
    }),
  );
  router.get(
    '/apps/:app/builds/:id',
    read(async (req, res, c) => {
      res.json(await s.builds.get(c, req.params.app, req.params.id));
    }),
  );
  router.post(
    '/apps/:app/builds',
    write(
      'deploy',
      async (req, res, c) => {
        res
          .status(201)
          .json(await s.builds.deploy(c, req.params.app, req.body));
      },
      req => ({ image: String(req.body?.image ?? '') }),
    ),
  );

  // Releases
  router.get(
    '/apps/:app/releases',
    read(async (req, res, c) => {
      res.json(
        await s.releases.list(c, req.params.app, pageOptions(req.query)),
      );
    }),
  );
  router.post(
    '/apps/:app/releases/rollback',
    write('rollback', async (req, res, c) => {
      res
        .status(201)
        .json(await s.releases.rollback(c, req.params.app, req.body));
    }),
  );
  router.get(
    '/apps/:app/releases/:version',
    read(async (req, res, c) => {
      res.json(
        await s.releases.get(
          c,
          req.params.app,
          parseVersion(req.params.version),
        ),
      );
    }),
  );
  router.get(
    '/apps/:app/releases/:from/diff/:to',
    read(async (req, res, c) => {
      const from = parseVersion(req.params.from);
      const to = parseVersion(req.params.to);
      res.json(await s.releases.diff(c, req.params.app, from, to));
    }),
  );

  // Processes
  router.get(
    '/apps/:app/processes',
    read(async (req, res, c) => {
      res.json(await s.processes.list(c, req.params.app));
    }),
  );
  router.post(
    '/apps/:app/scale',
    write('scale', async (req, res, c) => {
      res.json(await s.processes.scale(c, req.params.app, req.body));
    }),
  );
  router.post(
    '/apps/:app/restart',
    write('restart', async (req, res, c) => {
      await s.processes.restart(c, req.params.app, req.body);
      res.status(204).end();
    }),
  );
  router.post(
    '/apps/:app/run',
    write(
      'run',
      async (req, res, c) => {
        res.json(await s.processes.run(c, req.params.app, req.body));
      },
      req => ({ command: String(req.body?.command ?? '').slice(0, 4096) }),
    ),
  );
  router.get(
    '/apps/:app/logs',
    read(async (req, res, c) => {
      const abort = new AbortController();
      const follow = req.query.follow === 'true' || req.query.follow === '1';
      const lines = await s.processes.logs(c, req.params.app, {
        lines: req.query.lines,
        type: req.query.type,
        follow,
        signal: abort.signal,
      });
      await sendLogs(req, res, lines, follow, abort);
    }),
  );

  // Domains
  router.get(
    '/apps/:app/domains',
    read(async (req, res, c) => {
      res.json(await s.domains.list(c, req.params.app));
    }),
  );
  router.post(
    '/apps/:app/domains',
    write(
      'domain-add',
      async (req, res, c) => {
        res.status(201).json(await s.domains.add(c, req.params.app, req.body));
      },
      req => ({ domain: String(req.body?.domain ?? '').slice(0, 255) }),
    ),
  );
  router.delete(
    '/apps/:app/domains/:domain',
    write(
      'domain-remove',
      async (req, res, c) => {
        await s.domains.remove(c, req.params.app, req.params.domain);
        res.status(204).end();
      },
      req => ({ domain: req.params.domain }),
    ),
  );

  // Certificates
  router.get(
    '/apps/:app/certs',
    read(async (req, res, c) => {
      res.json(await s.certs.list(c, req.params.app));
    }),
  );
  router.post(
    '/apps/:app/certs',
    write(
      'cert-add',
      async (req, res, c) => {
        res.status(201).json(await s.certs.add(c, req.params.app, req.body));
      },
      req => ({ cert: String(req.body?.name ?? '').slice(0, 64) }),
    ),
  );
  router.delete(
    '/apps/:app/certs/:name',
    write(
      'cert-remove',
      async (req, res, c) => {
        await s.certs.remove(c, req.params.app, req.params.name);
        res.status(204).end();
      },
      req => ({ cert: req.params.name }),
    ),
  );
  router.post(
    '/apps/:app/certs/:name/attach',
    write(
      'cert-attach',
      async (req, res, c) => {
        res.json(
          await s.certs.attach(c, req.params.app, req.params.name, req.body),
        );
      },
      req => ({ cert: req.params.name }),
    ),
  );
  router.post(
    '/apps/:app/certs/:name/detach',
    write(
      'cert-detach',
      async (req, res, c) => {
        res.json(
          await s.certs.detach(c, req.params.app, req.params.name, req.body),
        );
      },
      req => ({ cert: req.params.name }),
    ),
  );

  // Settings
  router.get(
    '/apps/:app/settings',
    read(async (req, res, c) => {
      res.json(await s.settings.get(c, req.params.app));
    }),
  );
  router.patch(
    '/apps/:app/settings',
    write('settings-update', async (req, res, c) => {
      res.json(await s.settings.patch(c, req.params.app, req.body));
    }),
  );

  // Events
  router.get(
    '/apps/:app/events',
    read(async (req, res, c) => {
      res.json(await s.events.list(c, req.params.app, pageOptions(req.query)));
    }),
  );

  // Deploy tokens
  router.get(
    '/apps/:app/tokens',
    read(async (req, res, c) => {
      res.json(await s.tokens.list(c, req.params.app));
    }),
  );
  router.post(
    '/apps/:app/tokens',
    write('token-create', async (req, res, c) => {
      res.status(201).json(await s.tokens.create(c, req.params.app, req.body));
    }),
  );
  router.delete(
    '/apps/:app/tokens/:id',
    write(
      'token-revoke',
      async (req, res, c) => {
        await s.tokens.revoke(c, req.params.app, req.params.id);
        res.status(204).end();
      },
      req => ({ token: req.params.id }),
    ),
  );

  addPipelineRoutes(router, deps);

  return router;
}
