import fs from 'node:fs/promises';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { fileExists, type AppKind } from './context';

const SERVER = '.slipway/static-server.js';

/**
 * Static sites (an index.html and nothing else recognisable): served by a small static file
 * server that is copied into the slug, so the slug runs on its own.
 */
export const staticSite: AppKind = {
  name: 'static site',
  detect: dir => fileExists(dir, 'index.html'),
  async build(context) {
    context.log(`-----> Adding a static file server (${SERVER})\n`);
    const source = resolvePackagePath(
      '@slipway/plugin-slipway-backend',
      'src/build/local/static-server.js',
    );
    await fs.mkdir(path.join(context.dir, path.dirname(SERVER)), {
      recursive: true,
    });
    await fs.copyFile(source, path.join(context.dir, SERVER));
    return { web: `node ${SERVER}` };
  },
};
