import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { entitySchemaValidator, type Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import {
  templateEntityV1beta3Validator,
  type TemplateEntityV1beta3,
} from '@backstage/plugin-scaffolder-common';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  appNameProblem,
  processTypeProblem,
} from '@slipway/plugin-slipway-common';
import { validate } from 'jsonschema';
import { createTemplateRenderer } from 'nunjitsu';
import YAML from 'yaml';
import { createSlipwayActions } from '../actions';
import { startNodeServer } from './runSkeleton';

jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '../../../..');
const TEMPLATES = path.join(REPO, 'templates');

const actions = new Map<string, TemplateAction<any, any, any>>(
  [
    createFetchTemplateAction({
      reader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    }),
    ...createSlipwayActions({
      auth: mockServices.auth(),
      discovery: mockServices.discovery(),
    }),
  ].map(action => [action.id, action]),
);

/** What each action's step outputs in these tests (checked against the action's output schema). */
const SAMPLE_OUTPUTS: Record<string, Record<string, unknown>> = {
  'slipway:app:create': {
    name: 'shop',
    url: 'http://shop.localhost:8080',
    gitRemote: 'http://localhost:7007/api/slipway/git/shop.git',
    entityRef: 'component:default/shop',
  },
  'slipway:git:push': { version: 2, sha: 'a'.repeat(40) },
  'slipway:deploy': { version: 2 },
  'slipway:config:set': { version: 2 },
  'slipway:scale': { structure: { web: 1, worker: 1 } },
  'slipway:pipeline:create': {
    name: 'shop',
    entityRef: 'system:default/shop',
  },
  'fetch:template': {},
};

/** What a user fills in, per template (parameters and Secret fields). */
const RUNS: Record<
  string,
  { parameters: Record<string, unknown>; secrets?: Record<string, string> }[]
> = {
  'nodejs-service': [
    { parameters: { name: 'shop', description: 'Sells "things" & more' } },
  ],
  'django-service': [
    {
      parameters: { name: 'shop-api', owner: 'group:default/developers' },
      secrets: {
        databaseUrl: 'postgres://shop:pw@db.internal:5432/shop',
        secretKey: 'k'.repeat(50),
      },
    },
  ],
  'service-with-pipeline': [
    {
      parameters: {
        name: 'shop',
        owner: 'user:development/guest',
        productionOwner: 'group:default/developers',
      },
    },
  ],
  'static-site': [{ parameters: { name: 'docs', title: 'Docs <&> more' } }],
  'empty-app': [
    { parameters: { name: 'shop' } },
    {
      parameters: {
        name: 'shop',
        description: 'Our shop, pushed from its repo',
      },
    },
  ],
  'container-image': [
    {
      parameters: {
        name: 'shop',
        image: 'ghcr.io/acme/shop:1.2.3',
        command: 'node server.js',
      },
    },
    { parameters: { name: 'shop', image: 'ghcr.io/acme/shop:1.2.3' } },
  ],
};

const renderer = createTemplateRenderer({ allowRegexExecution: true });
/** Renders step inputs the way the scaffolder's workflow runner does. */
function render(value: unknown, context: Record<string, unknown>): any {
  const prepared = renderer.prepareContext(
    context as Parameters<typeof renderer.prepareContext>[0],
  );
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' ? renderer.renderValue(v, prepared) : v,
  );
}

async function loadTemplate(name: string): Promise<TemplateEntityV1beta3> {
  return YAML.parse(
    await fs.readFile(path.join(TEMPLATES, name, 'template.yaml'), 'utf8'),
  );
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(e => e.isFile())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function procfile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map(line => {
        const [, type, command] = /^([^:]+):\s*(.+)$/.exec(line)!;
        return [type, command];
      }),
  );
}

/** Runs a template's steps as the scaffolder would, with sample outputs; returns the rendered workspace. */
async function runTemplate(name: string, run: (typeof RUNS)[string][number]) {
  const template = await loadTemplate(name);
  const workspace = await fs.mkdtemp(
    path.join(os.tmpdir(), `slipway-template-${name}-`),
  );
  const context: Record<string, any> = {
    parameters: run.parameters,
    secrets: run.secrets ?? {},
    user: { ref: 'user:default/jane' },
    steps: {},
  };
  const inputs: Record<string, any> = {};
  for (const step of template.spec.steps) {
    const action = actions.get(step.action);
    expect({ step: step.id, action: action?.id }).toEqual({
      step: step.id,
      action: step.action,
    });
    const input = render(step.input ?? {}, context);
    const result = validate(input, action!.schema!.input!);
    expect({ step: step.id, errors: result.errors.map(String) }).toEqual({
      step: step.id,
      errors: [],
    });
    inputs[step.id!] = input;

    if (step.action === 'fetch:template') {
      const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-fetch-'));
      const ctx = createMockActionContext({
        input,
        workspacePath: workspace,
        templateInfo: {
          entityRef: `template:default/${template.metadata.name}`,
          baseUrl: `file://${path.join(TEMPLATES, name, 'template.yaml')}`,
        },
      });
      ctx.createTemporaryDirectory = async () => tmp;
      await action!.handler(ctx);
      await fs.rm(tmp, { recursive: true, force: true });
    }
    const output = SAMPLE_OUTPUTS[step.action];
    expect(validate(output, action!.schema!.output ?? {}).errors).toEqual([]);
    context.steps[step.id!] = { output };
  }
  return {
    template,
    workspace,
    inputs,
    output: render(template.spec.output, context),
  };
}

describe.each(Object.keys(RUNS))('template %s', name => {
  const cleanup: string[] = [];
  afterAll(async () => {
    await Promise.all(
      cleanup.map(dir => fs.rm(dir, { recursive: true, force: true })),
    );
  });

  it('is a valid Template entity registered in app-config.yaml', async () => {
    const template = await loadTemplate(name);
    expect(() => entitySchemaValidator()(template)).not.toThrow();
    expect(await templateEntityV1beta3Validator.check(template as Entity)).toBe(
      true,
    );
    expect(template.metadata.tags).toContain('slipway');

    const config = YAML.parse(
      await fs.readFile(path.join(REPO, 'app-config.yaml'), 'utf8'),
    );
    const targets = config.catalog.locations
      .filter(
        (l: any) =>
          l.type === 'file' && l.rules?.[0]?.allow?.includes('Template'),
      )
      .map((l: any) => path.resolve(REPO, 'packages/backend', l.target));
    expect(targets).toContain(path.join(TEMPLATES, name, 'template.yaml'));
  });

  it('has texts the portal shows as written (no <placeholder> taken for an HTML tag)', async () => {
    const template = await loadTemplate(name);
    // The card and the form drop what looks like an HTML tag, even inside a code span ("two
    // Slipway apps, -staging and , coupled…"): no <name> anywhere, examples instead.
    const pages = [template.spec.parameters].flat() as any[];
    const texts = [
      template.metadata.description ?? '',
      ...pages.flatMap(page =>
        Object.values(page.properties ?? {}).flatMap((p: any) => [
          p.title ?? '',
          p.description ?? '',
          p['ui:help'] ?? '',
        ]),
      ),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/<[a-zA-Z][^>]*>/);
    }
  });

  it('asks for a valid app name and an owner picked from the catalog', async () => {
    const template = await loadTemplate(name);
    const pages = [template.spec.parameters].flat() as any[];
    const properties = Object.assign({}, ...pages.map(p => p.properties));
    expect(properties.owner['ui:field']).toBe('OwnerPicker');
    for (const run of RUNS[name]) {
      for (const page of pages) {
        expect(
          validate({ ...run.parameters, ...run.secrets }, page).errors,
        ).toEqual([]);
      }
    }
    const namePage = pages.find(p => p.properties.name);
    expect(validate({ name: 'Shop_1' }, namePage).valid).toBe(false);
    expect(validate({ name: 'ab' }, namePage).valid).toBe(false);
    // The form's rule is the API's (reserved names aside), said in words next to the field.
    for (const sample of [
      'shop',
      'my-app-2',
      'a1b',
      'my--app',
      'app-',
      '-app',
      '1app',
      'My-app',
      'my_app',
      'my app',
    ]) {
      expect({
        sample,
        valid: validate({ name: sample }, namePage).valid,
      }).toEqual({ sample, valid: appNameProblem(sample) === undefined });
    }
    // Checked against existing apps as it is typed, so a taken name is reported before Create.
    expect(namePage.properties.name['ui:field']).toBe('SlipwayAppName');
    expect(namePage.properties.name['ui:help']).toMatch(
      /^Lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit, 3 to \d+ characters\.$/,
    );
  });

  it('only uses existing actions, with inputs matching their schemas and outputs they declare', async () => {
    const template = await loadTemplate(name);
    const text = await fs.readFile(
      path.join(TEMPLATES, name, 'template.yaml'),
      'utf8',
    );
    const actionOf = new Map(template.spec.steps.map(s => [s.id, s.action]));
    for (const [, stepId, field] of text.matchAll(
      /steps\['([^']+)'\]\.output\.(\w+)/g,
    )) {
      const declared = Object.keys(
        (actions.get(actionOf.get(stepId)!)!.schema!.output as any).properties,
      );
      expect({ stepId, field, declared: declared.includes(field) }).toEqual({
        stepId,
        field,
        declared: true,
      });
    }
    for (const run of RUNS[name]) {
      const result = await runTemplate(name, run);
      cleanup.push(result.workspace);
      const appName = run.parameters.name;
      // Creates the app, then releases code or an image into it.
      // The production app of a pipeline belongs to the team that owns production.
      const owner = run.parameters.productionOwner ?? run.parameters.owner;
      // Before creating: a template that deploys an image says so (refused on the local runtime).
      const deploysImage = template.spec.steps.some(
        s => s.action === 'slipway:deploy',
      );
      // The description typed into the form reaches the app (and so its catalog entity).
      const { description } = result.inputs['create-app'];
      expect(result.inputs['create-app']).toEqual({
        name: appName,
        ...(owner ? { owner } : {}),
        ...(deploysImage ? { deploys: 'image' } : {}),
        ...(description !== undefined ? { description } : {}),
      });
      expect(description ?? run.parameters.description).toBe(
        run.parameters.description,
      );
      const release = template.spec.steps.find(s =>
        ['slipway:git:push', 'slipway:deploy'].includes(s.action),
      );
      // Every template but "Empty app" releases something into the new app.
      expect(Boolean(release)).toBe(name !== 'empty-app');
      // The output leads to the app's catalog page and its URL.
      expect(result.output.links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ entityRef: 'component:default/shop' }),
          expect.objectContaining({ url: 'http://shop.localhost:8080' }),
        ]),
      );
    }
  });
});

describe('rendered skeletons', () => {
  const workspaces: string[] = [];
  afterAll(async () => {
    await Promise.all(
      workspaces.map(dir => fs.rm(dir, { recursive: true, force: true })),
    );
  });
  async function rendered(name: string, run = RUNS[name][0]) {
    const result = await runTemplate(name, run);
    workspaces.push(result.workspace);
    const files = await filesIn(result.workspace);
    for (const file of files) {
      const content = await fs.readFile(
        path.join(result.workspace, file),
        'utf8',
      );
      expect({ file, leftover: content.includes('${{') }).toEqual({
        file,
        leftover: false,
      });
    }
    return {
      ...result,
      files,
      read: (f: string) => fs.readFile(path.join(result.workspace, f), 'utf8'),
    };
  }

  it('Node.js: a dependency-free service that serves, answers health checks and drains on SIGTERM', async () => {
    const { files, read } = await rendered('nodejs-service');
    expect(files).toEqual([
      '.gitignore',
      'Procfile',
      'README.md',
      'package.json',
      'server.js',
    ]);
    const pkg = JSON.parse(await read('package.json'));
    expect(pkg).toMatchObject({
      name: 'shop',
      description: 'The shop web service',
      scripts: { start: 'node server.js' },
    });
    expect(pkg.dependencies).toBeUndefined();
    expect(procfile(await read('Procfile'))).toEqual({ web: 'node server.js' });
    expect(await read('README.md')).toContain('Sells "things" & more');

    const server = await startNodeServer(workspaces[workspaces.length - 1]);
    try {
      const home = await fetch(`${server.url}/`);
      expect(await home.json()).toMatchObject({
        app: 'shop',
        message: 'Hello from shop!',
      });
      expect(await (await fetch(`${server.url}/healthz`)).text()).toBe('ok\n');
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('static site: serves public/, a 404 page, and nothing outside public/', async () => {
    const { files, read } = await rendered('static-site');
    expect(files).toEqual([
      'Procfile',
      'README.md',
      'package.json',
      'public/404.html',
      'public/index.html',
      'public/style.css',
      'server.js',
    ]);
    expect(await read('public/index.html')).toContain(
      '<h1>Docs &lt;&amp;&gt; more</h1>',
    );
    expect(JSON.parse(await read('package.json')).dependencies).toBeUndefined();

    const server = await startNodeServer(workspaces[workspaces.length - 1]);
    try {
      const home = await fetch(`${server.url}/`);
      expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await home.text()).toContain('Docs &lt;&amp;&gt; more');
      expect(
        (await fetch(`${server.url}/style.css`)).headers.get('content-type'),
      ).toBe('text/css; charset=utf-8');
      const missing = await fetch(`${server.url}/missing.html`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('Not found');
      // A raw request, so that no client normalizes the path away.
      const traversal = await new Promise<number>((resolve, reject) =>
        http
          .get(`${server.url}/..%2fpackage.json`, res => {
            res.resume();
            resolve(res.statusCode!);
          })
          .on('error', reject),
      );
      expect(traversal).toBe(404);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('Django: web and worker processes, migrations in the release phase, DATABASE_URL as secret config', async () => {
    const { files, read, inputs } = await rendered('django-service');
    expect(files).toEqual(
      expect.arrayContaining([
        'Procfile',
        'requirements.txt',
        'manage.py',
        'config/settings.py',
        'config/wsgi.py',
        'web/models.py',
        'web/migrations/0001_initial.py',
        'web/management/commands/worker.py',
      ]),
    );
    const types = procfile(await read('Procfile'));
    expect(Object.keys(types)).toEqual(['release', 'web', 'worker']);
    expect(Object.keys(types).map(processTypeProblem)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(types.release).toBe('python manage.py migrate --noinput');
    expect(types.web).toMatch(
      /^gunicorn config\.wsgi --bind 0\.0\.0\.0:\$PORT/,
    );
    expect(types.worker).toBe('python manage.py worker');
    expect(await read('requirements.txt')).toMatch(/^Django/m);
    expect(await read('config/settings.py')).toContain('env="DATABASE_URL"');

    // The database URL and key come from Secret fields and go to config, before the first push.
    expect(inputs.config).toEqual({
      app: 'shop',
      values: {
        DATABASE_URL: 'postgres://shop:pw@db.internal:5432/shop',
        DJANGO_SECRET_KEY: 'k'.repeat(50),
        DJANGO_ALLOWED_HOSTS: '*',
      },
    });
    const template = await loadTemplate('django-service');
    const order = template.spec.steps.map(s => s.id);
    expect(order.indexOf('config')).toBeLessThan(order.indexOf('push'));
    expect(inputs.scale).toEqual({
      app: 'shop',
      processes: { web: 1, worker: 1 },
    });

    // Every Python file compiles.
    const python = files.filter(f => f.endsWith('.py'));
    execFileSync('python3', ['-m', 'py_compile', ...python], {
      cwd: workspaces[workspaces.length - 1],
      env: {
        ...process.env,
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONPYCACHEPREFIX: os.tmpdir(),
      },
    });
  });

  it('container image: deploys the image, with a web command only when one is given', async () => {
    const withCommand = await runTemplate(
      'container-image',
      RUNS['container-image'][0],
    );
    const without = await runTemplate(
      'container-image',
      RUNS['container-image'][1],
    );
    workspaces.push(withCommand.workspace, without.workspace);
    expect(withCommand.inputs.deploy).toEqual({
      app: 'shop',
      image: 'ghcr.io/acme/shop:1.2.3',
      procfile: { web: 'node server.js' },
    });
    expect(without.inputs.deploy).toEqual({
      app: 'shop',
      image: 'ghcr.io/acme/shop:1.2.3',
    });
  });
});
