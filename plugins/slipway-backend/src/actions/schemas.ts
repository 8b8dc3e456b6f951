import type { z as zod } from 'zod/v3';

/** Field schemas shared by Slipway's actions (the same limits as openapi.yaml). */
export function fields(z: typeof zod) {
  return {
    app: z
      .string()
      .min(1)
      .max(30)
      .describe('Name of the Slipway app, e.g. "my-api" (see list-apps)'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe('Items per page (default 50)'),
    cursor: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        'pageInfo.nextCursor of the previous page, to read the next one',
      ),
    pageInfo: z
      .object({
        nextCursor: z.string().optional(),
        prevCursor: z.string().optional(),
      })
      .passthrough(),
  };
}

/** An object the services answer, with the fields an agent needs described and the rest passed through. */
export function appShape(z: typeof zod) {
  return z
    .object({
      name: z.string(),
      owner: z.string().describe('Entity ref of the owning User or Group'),
      url: z.string().optional().describe('Where the app is served'),
      gitRemote: z.string().optional().describe('git remote to push to deploy'),
    })
    .passthrough();
}

export function releaseShape(z: typeof zod) {
  return z
    .object({
      version: z.number().int(),
      status: z.string().optional(),
      summary: z.string().optional(),
    })
    .passthrough();
}
