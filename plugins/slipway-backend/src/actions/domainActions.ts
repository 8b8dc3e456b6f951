import { fields } from './schemas';
import { auditedChange, plain, type ActionContext } from './context';

/** add-domain, remove-domain, add-cert, attach-cert. */
export function registerDomainActions(ctx: ActionContext): void {
  const { registry, services: s } = ctx;
  const domain = (z: Parameters<typeof fields>[0]) =>
    z
      .string()
      .min(1)
      .max(253)
      .describe('Hostname, e.g. "www.example.com" or "*.example.com"');
  const domainShape = (z: Parameters<typeof fields>[0]) =>
    z
      .object({
        domain: z.string(),
        cert: z.string().optional().describe('Attached certificate'),
      })
      .passthrough();
  const certShape = (z: Parameters<typeof fields>[0]) =>
    z
      .object({
        name: z.string(),
        subject: z.string(),
        domains: z
          .array(z.string())
          .optional()
          .describe('Domains it is attached to'),
      })
      .passthrough();

  registry.register({
    name: 'add-domain',
    title: 'Add a custom domain',
    description:
      'Serves the app at a custom domain too (like `heroku domains:add`). Point the domain’s DNS at ' +
      'the platform. Refused when another app has it or it lies under the platform domain.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z => z.object({ app: fields(z).app, domain: domain(z) }),
      output: z => z.object({ domain: domainShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        domain: plain(
          await auditedChange(
            ctx,
            credentials,
            'domain-add',
            { app: input.app, domain: input.domain },
            () =>
              s.domains.add(credentials, input.app, { domain: input.domain }),
          ),
        ),
      },
    }),
  });

  registry.register({
    name: 'remove-domain',
    title: 'Remove a custom domain',
    description:
      'Stops serving the app at a custom domain (like `heroku domains:remove`).',
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z => z.object({ app: fields(z).app, domain: domain(z) }),
      output: z => z.object({ removed: z.string() }),
    },
    action: async ({ input, credentials }) => {
      await auditedChange(
        ctx,
        credentials,
        'domain-remove',
        { app: input.app, domain: input.domain },
        () => s.domains.remove(credentials, input.app, input.domain),
      );
      return { output: { removed: input.domain } };
    },
  });

  registry.register({
    name: 'add-cert',
    title: 'Upload a TLS certificate',
    description:
      'Uploads a PEM certificate (chain) and its private key (checked: key matches, not expired; the ' +
      'key is stored encrypted and never returned). It is attached at once to the app’s domains it ' +
      'covers that have no certificate.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          name: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
            .describe('Name for it, e.g. "www-example-com"'),
          certificate: z.string().min(1).max(65536).describe('PEM certificate'),
          key: z.string().min(1).max(65536).describe('PEM private key'),
        }),
      output: z => z.object({ cert: certShape(z) }),
    },
    action: async ({ input, credentials }) => {
      const { app, ...body } = input;
      return {
        output: {
          cert: plain(
            await auditedChange(
              ctx,
              credentials,
              'cert-add',
              { app, cert: body.name },
              () => s.certs.add(credentials, app, body),
            ),
          ),
        },
      };
    },
  });

  registry.register({
    name: 'attach-cert',
    title: 'Attach a certificate to a domain',
    description:
      'Serves one of the app’s custom domains with an uploaded certificate; it must cover the domain ' +
      'and still be valid.',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          app: fields(z).app,
          name: z.string().min(1).max(63).describe('Certificate name'),
          domain: domain(z),
        }),
      output: z => z.object({ cert: certShape(z) }),
    },
    action: async ({ input, credentials }) => ({
      output: {
        cert: plain(
          await auditedChange(
            ctx,
            credentials,
            'cert-attach',
            { app: input.app, cert: input.name },
            () =>
              s.certs.attach(credentials, input.app, input.name, {
                domain: input.domain,
              }),
          ),
        ),
      },
    }),
  });
}
