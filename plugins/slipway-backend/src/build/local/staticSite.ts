import fs from 'node:fs/promises';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { writeTreeFile } from '../source';
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
    // `.slipway` or the server file may be links in the pushed tree: written the guarded way.
    await writeTreeFile(context.dir, SERVER, await fs.readFile(source));
    return { web: `node ${SERVER}` };
  },
};
