import type { Args } from '../args';
import { requestJson } from '../client';
import type { Connection } from '../connection';
import { table, type Io } from '../output';

type AppSummary = {
  name: string;
  owner: string;
  url: string;
  health?: string;
  release?: { version: number; status: string };
};

/** `slipway apps [--json]`: the apps the caller may read (first 500). */
export async function apps(
  args: Args,
  conn: Connection,
  io: Io,
): Promise<number> {
  const page = await requestJson<{ items: AppSummary[] }>(
    conn,
    'GET',
    '/apps?limit=500',
  );
  if (args.json) {
    io.out(`${JSON.stringify(page.items, null, 2)}\n`);
    return 0;
  }
  io.out(
    table(
      ['NAME', 'OWNER', 'RELEASE', 'HEALTH', 'URL'],
      page.items.map(a => [
        a.name,
        a.owner,
        a.release ? `v${a.release.version} ${a.release.status}` : '',
        a.health ?? '',
        a.url,
      ]),
    ),
  );
  return 0;
}
