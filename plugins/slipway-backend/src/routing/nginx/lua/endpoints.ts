import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { nginxPaths, ENDPOINTS_PATH } from '../render';
import { BALANCER_LUA, LUA_MODULE_NAME } from './balancerSource';

/**
 * Writes the Lua balancer module and, once, the token endpoint updates must carry. The token is
 * read by nginx's master (init_by_lua) and is not in nginx.conf, so it is in no config version.
 */
export async function installLua(configDir: string): Promise<string> {
  const p = nginxPaths(configDir);
  await fs.mkdir(p.lua, { recursive: true, mode: 0o755 });
  const module = path.join(p.lua, `${LUA_MODULE_NAME}.lua`);
  const current = await fs.readFile(module, 'utf8').catch(() => undefined);
  if (current !== BALANCER_LUA) {
    await fs.writeFile(`${module}.tmp`, BALANCER_LUA, { mode: 0o644 });
    await fs.rename(`${module}.tmp`, module);
  }
  const existing = await fs.readFile(p.luaToken, 'utf8').catch(() => '');
  if (/^[0-9a-f]{64}\n$/.test(existing)) {
    // A token left readable (restored from a backup, copied by hand) is made private again.
    await fs.chmod(p.luaToken, 0o600);
    return existing.trim();
  }
  const token = randomBytes(32).toString('hex');
  // writeFile's mode applies only to a file it creates: a leftover .tmp must not keep its own.
  await fs.rm(`${p.luaToken}.tmp`, { force: true });
  await fs.writeFile(`${p.luaToken}.tmp`, `${token}\n`, { mode: 0o600 });
  await fs.rename(`${p.luaToken}.tmp`, p.luaToken);
  return token;
}

/** One app's endpoints; `undefined` removes the app from the dictionary. */
export type EndpointChange = [app: string, addresses: string[] | undefined];

/** The update text the Lua module parses (see balancerSource.ts). */
export function renderUpdate(
  changes: EndpointChange[],
  replace: boolean,
): string {
  const lines = replace ? ['replace'] : [];
  for (const [app, addresses] of changes) {
    lines.push(
      addresses === undefined
        ? `del ${app}`
        : ['set', app, ...addresses].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Sends an update to nginx's loopback endpoint; resolves with how many apps' endpoints changed,
 * throws with nginx's reason when it is refused.
 */
export function sendUpdate(
  port: number,
  token: string,
  body: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: ENDPOINTS_PATH,
        method: 'POST',
        headers: {
          'x-slipway-token': token,
          'content-type': 'text/plain',
          'content-length': Buffer.byteLength(body),
        },
        agent: false,
        timeout: 10_000,
      },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', c => {
          text += c;
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Number(/^changed (\d+)/.exec(text)?.[1] ?? 0))
            : reject(
                new Error(
                  `nginx refused the endpoint update (${
                    res.statusCode
                  }): ${text.trim()}`,
                ),
              ),
        );
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error('endpoint update timed out')),
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * What the dictionary of one nginx master holds, as far as we sent it. A master we have not sent
 * to yet (started, restarted, or we restarted) gets everything with `replace`; after that only
 * what changed. The whole state is also written to the file nginx loads at start and reload.
 */
export class EndpointSync {
  private sent = new Map<string, string>();
  private master?: number;
  private stateText?: string;
  private wanted = new Map<string, string[]>();
  /** Bumped whenever `wanted` may have changed; the file is rendered again only after a bump. */
  private version = 0;
  private persistedVersion = 0;
  /** Each app's state line by the addresses array it was rendered from: unchanged apps cost a lookup. */
  private lines = new Map<string, { addresses: string[]; line: string }>();

  constructor(
    private readonly port: number,
    private readonly stateFile: string,
    private readonly token: () => Promise<string>,
  ) {}

  /**
   * Makes the dictionary hold exactly `wanted`; returns whether that changed any app's endpoints.
   * Without a master, only the file is written (a master started next loads it).
   */
  async sync(
    wanted: Map<string, string[]>,
    master: number | undefined,
  ): Promise<boolean> {
    this.wanted = wanted;
    this.version++;
    if (master === undefined) {
      await this.persist();
      return false;
    }
    const replace = master !== this.master;
    const changes: EndpointChange[] = [];
    for (const [app, addresses] of wanted) {
      if (replace || this.sent.get(app) !== addresses.join(' ')) {
        changes.push([app, addresses]);
      }
    }
    if (!replace) {
      for (const app of this.sent.keys()) {
        if (!wanted.has(app)) changes.push([app, undefined]);
      }
    }
    if (!replace && changes.length === 0) return false;
    // Forget what we sent first: if the update fails, the next apply sends everything again.
    this.master = undefined;
    const changed = await sendUpdate(
      this.port,
      await this.token(),
      renderUpdate(changes, replace),
    );
    this.sent = new Map([...wanted].map(([app, a]) => [app, a.join(' ')]));
    this.master = master;
    return changed > 0;
  }

  /**
   * Like `sync`, when only `apps` may differ from what was sent: O(apps), not O(all apps). `wanted`
   * is the whole state (already holding the apps' new endpoints). A master we have not sent to
   * yet gets everything, as with `sync`.
   */
  async syncApps(
    wanted: Map<string, string[]>,
    apps: string[],
    master: number | undefined,
  ): Promise<boolean> {
    if (master === undefined || master !== this.master) {
      return this.sync(wanted, master);
    }
    this.wanted = wanted;
    this.version++;
    const changes: EndpointChange[] = [];
    for (const app of apps) {
      const addresses = wanted.get(app);
      if (this.sent.get(app) !== addresses?.join(' ')) {
        changes.push([app, addresses]);
      }
    }
    if (changes.length === 0) return false;
    this.master = undefined;
    const changed = await sendUpdate(
      this.port,
      await this.token(),
      renderUpdate(changes, false),
    );
    for (const [app, addresses] of changes) {
      if (addresses === undefined) this.sent.delete(app);
      else this.sent.set(app, addresses.join(' '));
    }
    this.master = master;
    return changed > 0;
  }

  /**
   * Writes the last wanted state to the file nginx loads at start and reload. Called after the
   * update went live (off the path to answering; a restart in between loads the previous state
   * and the next apply sends everything again to the new master).
   */
  async persist(): Promise<void> {
    const version = this.version;
    if (version === this.persistedVersion) return;
    const state = this.renderState();
    if (state !== this.stateText) {
      await fs.writeFile(`${this.stateFile}.tmp`, state, { mode: 0o644 });
      await fs.rename(`${this.stateFile}.tmp`, this.stateFile);
      this.stateText = state;
    }
    this.persistedVersion = version;
  }

  /** `renderUpdate([...wanted], true)`, re-rendering only the lines of apps whose addresses changed. */
  private renderState(): string {
    const lines = ['replace'];
    const next = new Map<string, { addresses: string[]; line: string }>();
    for (const [app, addresses] of this.wanted) {
      const known = this.lines.get(app);
      const entry =
        known?.addresses === addresses
          ? known
          : { addresses, line: ['set', app, ...addresses].join(' ') };
      next.set(app, entry);
      lines.push(entry.line);
    }
    this.lines = next;
    return `${lines.join('\n')}\n`;
  }
}
