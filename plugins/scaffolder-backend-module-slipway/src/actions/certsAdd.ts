import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';

const CERT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** `slipway:certs:add` — uploads a TLS certificate and its private key. The key is never logged or output. */
export function createSlipwayCertsAddAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    name: string;
    certificate: string;
    key: string;
  },
  {
    name: string;
    sans: string[];
    notAfter: string;
  },
  'v2'
> {
  const action = createTemplateAction({
    id: 'slipway:certs:add',
    description:
      'Adds a TLS certificate (PEM chain + private key) to a Slipway app. Pass the key from a secret: ${{ secrets.key }}.',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        name: z =>
          z.string({
            description:
              'Certificate name (lowercase letters, digits, hyphens)',
          }),
        certificate: z => z.string({ description: 'PEM certificate chain' }),
        key: z =>
          z.string({
            description:
              'PEM private key (secret: pass it from ${{ secrets.* }}; never logged)',
          }),
      },
      output: {
        name: z => z.string({ description: 'Certificate name' }),
        sans: z =>
          z.array(z.string(), { description: 'Names the certificate covers' }),
        notAfter: z => z.string({ description: 'Expiry (ISO 8601)' }),
      },
    },
    async handler(ctx) {
      const { app, name, certificate, key } = ctx.input;
      check(appNameProblem(app));
      check(
        CERT_NAME.test(name)
          ? undefined
          : `Certificate name "${name.slice(
              0,
              63,
            )}" must be lowercase letters, digits and inner hyphens, 63 characters at most`,
      );
      check(
        certificate.includes('-----BEGIN CERTIFICATE-----')
          ? undefined
          : 'The certificate must be PEM (-----BEGIN CERTIFICATE-----)',
      );
      check(
        /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)
          ? undefined
          : 'The key must be a PEM private key',
      );

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would add certificate ${name} to ${app}`);
        return;
      }
      const client = clientFor(options, ctx);
      // The checkpoint stores only public facts about the certificate, never the key.
      const cert = await ctx.checkpoint({
        key: checkpointKey(ctx, 'certs.add', app, name),
        fn: async () => {
          const added = await callApi(() =>
            client.addCert(app, { name, certificate, key }),
          );
          return {
            name: added.name,
            sans: added.sans,
            notAfter: added.notAfter,
          };
        },
      });
      ctx.logger.info(
        `Added certificate ${cert.name} to ${app} (${cert.sans.join(
          ', ',
        )}; expires ${cert.notAfter})`,
      );
      ctx.output('name', cert.name);
      ctx.output('sans', cert.sans);
      ctx.output('notAfter', cert.notAfter);
    },
  });
  // JSON Schema's way to say "write-only": UIs and tooling treat it as a secret.
  const keySchema = (action.schema?.input as any)?.properties?.key;
  if (keySchema) keySchema.writeOnly = true;
  return action;
}
