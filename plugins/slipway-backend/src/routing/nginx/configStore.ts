import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppBlock } from './render';
import { nginxPaths } from './render';

/** The config nginx runs (or will run at its next start), with the app blocks it was made of. */
export type LiveVersion = {
  dir: string;
  text: string;
  /** App blocks by app: the last good block of each app. */
  blocks: Map<string, AppBlock>;
  /** Identifies the operator settings the blocks were rendered with; blocks of other settings are stale. */
  settingsKey: string;
};

type Manifest = { settingsKey: string; blocks: AppBlock[] };

const KEEP_VERSIONS = 3;

/**
 * The versions of nginx.conf under `configDir/versions/`, each staged in a fresh directory,
 * and the `current` symlink to the live one, swapped by an atomic rename.
 */
export class ConfigStore {
  private readonly paths;
  private cached?: { stamp: string; version: LiveVersion };

  constructor(configDir: string, private readonly pidFile: string) {
    this.paths = nginxPaths(configDir);
  }

  /** Creates the directories the config refers to (nginx -t insists they exist). */
  async prepare(): Promise<void> {
    const p = this.paths;
    for (const dir of [p.logs, p.versions, path.dirname(this.pidFile)]) {
      await fs.mkdir(dir, { recursive: true });
    }
    // nginx creates the temp dirs inside and, when run as root, hands them to its worker user,
    // who must be able to pass through this one.
    await fs.mkdir(p.temp, { recursive: true, mode: 0o755 });
    await fs.mkdir(p.certs, { recursive: true, mode: 0o700 });
    await fs.chmod(p.certs, 0o700);
  }

  /** The live version; re-read whenever the file changed on disk (hand edits are drift to repair). */
  async live(): Promise<LiveVersion | undefined> {
    const dir = await fs
      .readlink(this.paths.current)
      .then(target => path.resolve(path.dirname(this.paths.current), target))
      .catch(() => undefined);
    if (!dir) return undefined;
    const stamp = await this.stamp(dir);
    if (this.cached?.stamp === stamp) return this.cached.version;
    try {
      const text = await fs.readFile(path.join(dir, 'nginx.conf'), 'utf8');
      const manifest: Manifest = JSON.parse(
        await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'),
      );
      const version = {
        dir,
        text,
        blocks: new Map(manifest.blocks.map(b => [b.app, b])),
        settingsKey: manifest.settingsKey,
      };
      this.cached = { stamp, version };
      return version;
    } catch {
      // An unreadable version: render everything afresh.
      return undefined;
    }
  }

  /** Writes a config into a fresh version directory; nothing live changes. */
  async stage(
    text: string,
    blocks: AppBlock[],
    settingsKey: string,
  ): Promise<string> {
    const dir = await fs.mkdtemp(path.join(this.paths.versions, 'v-'));
    await this.write(dir, text, blocks, settingsKey);
    return dir;
  }

  /** Replaces the config in a staged directory (while finding which app breaks it). */
  async write(
    dir: string,
    text: string,
    blocks: AppBlock[],
    settingsKey: string,
  ) {
    const manifest: Manifest = { settingsKey, blocks };
    await fs.writeFile(
      path.join(dir, 'manifest.json'),
      JSON.stringify(manifest),
    );
    const certIds = [...new Set(blocks.flatMap(b => b.certIds))].sort();
    await fs.writeFile(path.join(dir, 'certs.json'), JSON.stringify(certIds));
    await fs.writeFile(path.join(dir, 'nginx.conf'), text);
    // Most likely the next live version: spare re-reading it.
    const version = {
      dir,
      text,
      blocks: new Map(blocks.map(b => [b.app, b])),
      settingsKey,
    };
    this.cached = { stamp: await this.stamp(dir), version };
  }

  /** Changes whenever the config file in `dir` is replaced or edited. */
  private async stamp(dir: string): Promise<string> {
    const stat = await fs
      .stat(path.join(dir, 'nginx.conf'))
      .catch(() => undefined);
    return `${dir}:${stat?.mtimeMs}:${stat?.size}:${stat?.ino}`;
  }

  /** Points `current` at a staged directory with one rename; returns the previous target. */
  async swap(dir: string): Promise<string | undefined> {
    const previous = await fs
      .readlink(this.paths.current)
      .catch(() => undefined);
    const tmp = `${this.paths.current}.${process.pid}.next`;
    await fs.rm(tmp, { force: true });
    await fs.symlink(path.relative(path.dirname(this.paths.current), dir), tmp);
    await fs.rename(tmp, this.paths.current);
    return previous;
  }

  /** Puts a previous `current` target back after a reload that did not take. */
  async restore(previous: string | undefined): Promise<void> {
    if (previous === undefined) {
      await fs.rm(this.paths.current, { force: true });
      return;
    }
    await this.swap(path.resolve(path.dirname(this.paths.current), previous));
  }

  async discard(dir: string): Promise<void> {
    await fs.rm(dir, { recursive: true, force: true });
  }

  /** Removes all but the newest versions; returns the cert ids the kept ones use. */
  async prune(): Promise<Set<string>> {
    const live = await this.live();
    const entries = await fs.readdir(this.paths.versions);
    const dated = await Promise.all(
      entries.map(async name => {
        const dir = path.join(this.paths.versions, name);
        const stat = await fs.stat(dir).catch(() => undefined);
        return { dir, mtime: stat?.mtimeMs ?? 0 };
      }),
    );
    dated.sort((a, b) => b.mtime - a.mtime);
    const certIds = new Set<string>();
    for (const [index, { dir }] of dated.entries()) {
      if (dir !== live?.dir && index >= KEEP_VERSIONS) {
        await this.discard(dir);
        continue;
      }
      // A small side file: parsing 10,000 app blocks just for cert ids would be slow.
      const ids: string[] = await fs
        .readFile(path.join(dir, 'certs.json'), 'utf8')
        .then(t => JSON.parse(t))
        .catch(() => []);
      ids.forEach(id => certIds.add(id));
    }
    return certIds;
  }
}
