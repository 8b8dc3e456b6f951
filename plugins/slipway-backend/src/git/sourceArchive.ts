import { AuthenticationError } from '@backstage/errors';
import { execFile } from 'node:child_process';
import {
  createHash,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import express from 'express';

/** What an offer's file holds: who may fetch it, until when (the token only as a hash). */
type OfferFile = { app: string; tokenHash: string; expiresAt: number };

export type SourceOffer = {
  /** Names the source in the URL (`/build-sources/<id>.tar.gz`). */
  id: string;
  /** The bearer token the build presents; shown once, kept only as a hash. */
  token: string;
  /** Withdraws the offer (the build is over, whatever happened). */
  withdraw(): void;
};

const hash = (token: string) => createHash('sha256').update(token).digest();
const ID = /^[0-9a-f-]{36}$/;

/**
 * The pushed sources that build Jobs may fetch, each with a single-use token that expires: a build pod
 * gets its own source once and nothing else. Offers are files under `<dataDir>/build-sources` — the
 * archive and the token's hash — so that with several backend replicas on one shared volume, whichever
 * replica the build pod's download reaches serves it. A download claims the offer by renaming its file,
 * which only one replica can do.
 */
export class BuildSources {
  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Archives `sourceDir` (the pushed commit's files, without `.git`) and offers it for `ttlMs`. */
  async offer(
    app: string,
    sourceDir: string,
    ttlMs: number,
  ): Promise<SourceOffer> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.removeExpired();
    const id = randomUUID();
    const token = `slwb_${randomBytes(32).toString('base64url')}`;
    const archive = this.file(id, 'tar.gz');
    await createArchive(sourceDir, `${archive}.partial`);
    await fs.promises.rename(`${archive}.partial`, archive);
    const offer: OfferFile = {
      app,
      tokenHash: hash(token).toString('hex'),
      expiresAt: this.now() + ttlMs,
    };
    await fs.promises.writeFile(
      `${this.file(id, 'json')}.partial`,
      JSON.stringify(offer),
      { mode: 0o600 },
    );
    // Renamed into place last: an offer that can be claimed has its archive.
    await fs.promises.rename(
      `${this.file(id, 'json')}.partial`,
      this.file(id, 'json'),
    );
    return { id, token, withdraw: () => this.remove(id) };
  }

  /** The archive for a valid, unused, unexpired token of `id`; claims it (on any replica). */
  async take(
    id: string,
    token: string,
  ): Promise<{ app: string; archive: string } | undefined> {
    if (!ID.test(id)) return undefined;
    let offer: OfferFile;
    try {
      offer = JSON.parse(
        await fs.promises.readFile(this.file(id, 'json'), 'utf8'),
      );
    } catch {
      return undefined;
    }
    const given = hash(token);
    const expected = Buffer.from(offer.tokenHash, 'hex');
    if (expected.length !== given.length || !timingSafeEqual(given, expected)) {
      return undefined;
    }
    if (this.now() > offer.expiresAt) return undefined;
    try {
      await fs.promises.rename(this.file(id, 'json'), this.file(id, 'taken'));
    } catch {
      return undefined; // another download (maybe on another replica) claimed it first
    }
    return { app: offer.app, archive: this.file(id, 'tar.gz') };
  }

  private file(id: string, ext: string) {
    return path.join(this.dir, `${id}.${ext}`);
  }

  private remove(id: string) {
    for (const ext of ['json', 'taken', 'tar.gz']) {
      fs.rmSync(this.file(id, ext), { force: true });
    }
  }

  /** Offers of builds whose replica died before withdrawing them. */
  private async removeExpired() {
    for (const name of await fs.promises.readdir(this.dir)) {
      const match = /^([0-9a-f-]{36})\.(json|taken)$/.exec(name);
      if (!match) continue;
      try {
        const offer: OfferFile = JSON.parse(
          await fs.promises.readFile(path.join(this.dir, name), 'utf8'),
        );
        if (this.now() > offer.expiresAt) this.remove(match[1]);
      } catch {
        // Being written or removed by another replica.
      }
    }
  }
}

/** The same bytes for the same files: sorted names, no times, no owners. */
async function createArchive(sourceDir: string, file: string) {
  await promisify(execFile)(
    'tar',
    [
      '--create',
      '--gzip',
      `--file=${file}`,
      '--sort=name',
      '--mtime=@0',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--exclude=./.git',
      '--directory',
      sourceDir,
      '.',
    ],
    { env: { PATH: process.env.PATH } },
  );
}

/**
 * `GET /build-sources/<id>.tar.gz` with `Authorization: Bearer <token>`: the pushed commit's files as a
 * gzipped tarball (without `.git`). Every refusal is the same 401, so nobody learns which builds exist.
 */
export function createSourceArchiveRouter(
  sources: BuildSources,
): express.Router {
  const router = express.Router();
  router.get('/build-sources/:file', async (req, res, next) => {
    try {
      const match = /^([0-9a-f-]{36})\.tar\.gz$/.exec(req.params.file);
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      const source =
        match && bearer ? await sources.take(match[1], bearer[1]) : undefined;
      if (!source) {
        throw new AuthenticationError(
          'A valid, unused build source token is required',
        );
      }
      res.status(200).type('application/gzip');
      const stream = fs.createReadStream(source.archive);
      stream.on('error', error => res.destroy(error));
      stream.pipe(res);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
