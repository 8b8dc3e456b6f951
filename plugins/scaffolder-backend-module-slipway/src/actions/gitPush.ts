import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { parseEntityRef, type UserEntity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { appNameProblem } from '@slipway/plugin-slipway-common';
import {
  commitDirectory,
  listFiles,
  pushWithToken,
  type GitIdentity,
} from '../git';
import {
  callApi,
  check,
  checkpointKey,
  clientFor,
  type SlipwayActionsOptions,
} from './api';
import { waitForRelease } from './waitForRelease';

/**
 * `slipway:git:push` — pushes the workspace (or a folder of it) to the app's git remote,
 * which builds and releases it; streams the build output into the task log and returns
 * once the release is live.
 */
export function createSlipwayGitPushAction(
  options: SlipwayActionsOptions,
): TemplateAction<
  {
    app: string;
    path?: string;
    message?: string;
  },
  {
    version: number;
    sha: string;
  },
  'v2'
> {
  return createTemplateAction({
    id: 'slipway:git:push',
    description:
      'Commits the workspace (or `path` in it) as the user and pushes it to the app’s git remote, which builds and releases it. Waits for the release.',
    supportsDryRun: true,
    schema: {
      input: {
        app: z => z.string({ description: 'App name' }),
        path: z =>
          z
            .string({
              description:
                'Folder in the workspace to push; default the whole workspace',
            })
            .optional(),
        message: z => z.string({ description: 'Commit message' }).optional(),
      },
      output: {
        version: z =>
          z.number({ description: 'Version of the release the push created' }),
        sha: z => z.string({ description: 'The pushed commit' }),
      },
    },
    async handler(ctx) {
      const { app } = ctx.input;
      check(appNameProblem(app));
      const source = resolveSafeChildPath(
        ctx.workspacePath,
        ctx.input.path ?? '.',
      );
      const files = await listFiles(source).catch(() => []);
      if (files.length === 0) {
        throw new InputError(
          `There are no files to push in ${ctx.input.path ?? 'the workspace'}`,
        );
      }
      const message =
        ctx.input.message ??
        `Initial commit${
          ctx.templateInfo?.entity?.metadata.title
            ? ` from ${ctx.templateInfo.entity.metadata.title}`
            : ''
        }`;

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would push ${
            files.length
          } files to ${app} (main): ${files.join(', ')}`,
        );
        return;
      }

      const client = clientFor(options, ctx);
      const pushed = await ctx.checkpoint({
        key: checkpointKey(ctx, 'git.push', app),
        fn: async () => {
          await callApi(() => client.getApp(app)); // exists, and the user may see it
          // Push over the backend's internal URL: the app's `gitRemote` is the public one, which
          // the backend may not reach from inside (no hairpin routing, an SSO proxy in front).
          const gitRemote = `${await options.discovery.getBaseUrl(
            'slipway',
          )}/git/${encodeURIComponent(app)}.git`;
          const repo = await fs.mkdtemp(
            path.join(os.tmpdir(), 'slipway-push-'),
          );
          try {
            const sha = await commitDirectory({
              source,
              repo,
              author: identityOf(ctx.user),
              message,
            });
            ctx.logger.info(
              `Pushing ${files.length} files (${sha.slice(
                0,
                7,
              )}) to ${gitRemote}`,
            );

            const token = await callApi(() =>
              client.createToken(app, {
                description: `scaffolder task ${ctx.task.id}`,
              }),
            );
            try {
              const secret = token.token;
              if (!secret) {
                throw new Error(
                  'The Slipway API issued a deploy token without its secret',
                );
              }
              // git never prints the header (its environment carries no GIT_TRACE* settings);
              // this is a second line of defence.
              const basic = Buffer.from(`${token.id}:${secret}`).toString(
                'base64',
              );
              const redact = (text: string) =>
                text.split(secret).join('***').split(basic).join('***');
              await pushWithToken({
                repo,
                remote: gitRemote,
                username: token.id,
                token: secret,
                onLine: line => ctx.logger.info(redact(line)),
                signal: ctx.signal,
              }).catch(error => {
                throw new Error(redact(String(error.message)));
              });
            } finally {
              // The token was only for this push.
              await client
                .revokeToken(app, token.id)
                .catch(error =>
                  ctx.logger.warn(
                    `Could not revoke deploy token ${token.id} of ${app}: ${error.message}`,
                  ),
                );
            }
            return { sha };
          } finally {
            await fs.rm(repo, { recursive: true, force: true });
          }
        },
      });

      const release = await waitForRelease(
        app,
        async () => {
          const { items } = await callApi(() =>
            client.listReleases(app, { limit: 20 }),
          );
          return items.find(r => r.build?.sha === pushed.sha);
        },
        { ...options, logger: ctx.logger, signal: ctx.signal },
      );
      ctx.logger.info(
        `Released ${app} v${release.version} (${pushed.sha.slice(0, 7)})`,
      );
      ctx.output('version', release.version);
      ctx.output('sha', pushed.sha);
    },
  });
}

/** The commit identity of the user running the template, from their catalog entity. */
function identityOf(user?: { entity?: UserEntity; ref?: string }): GitIdentity {
  const clean = (text: string) => text.replace(/[<>\n\r]/g, '').trim();
  const refName = user?.ref ? parseEntityRef(user.ref).name : undefined;
  const name =
    user?.entity?.spec?.profile?.displayName ??
    user?.entity?.metadata.name ??
    refName ??
    'Backstage Scaffolder';
  const email =
    user?.entity?.spec?.profile?.email ??
    (refName ? `${refName}@users.noreply.slipway` : 'scaffolder@backstage.io');
  return { name: clean(name) || 'Backstage Scaffolder', email: clean(email) };
}
