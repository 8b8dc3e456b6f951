import { AuthenticationError } from '@backstage/errors';
import { spawn } from 'node:child_process';
import {
  createHash,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import express from 'express';

/** A source offered to one build: who may fetch it, once, until when. */
type Offer = {
  app: string;
  dir: string;
  tokenHash: Buffer;
  expiresAt: number;
  used: boolean;
};

export type SourceOffer = {
  /** Names the source in the URL (`/build-sources/<id>.tar.gz`). */
  id: string;
  /** The bearer token the build presents; shown once, kept here only as a hash. */
  token: string;
  /** Withdraws the offer (the build is over, whatever happened). */
  withdraw(): void;
};

const hash = (token: string) => createHash('sha256').update(token).digest();

/**
 * The pushed sources that build Jobs may fetch, each with a single-use token that expires: a build pod
 * gets its own source once and nothing else. Tokens are kept hashed, like deploy tokens. Offers live
 * in this backend process, next to the checked-out source they serve.
 */
export class BuildSources {
  private readonly offers = new Map<string, Offer>();

  constructor(private readonly now: () => number = Date.now) {}

  offer(app: string, dir: string, ttlMs: number): SourceOffer {
    const id = randomUUID();
    const token = `slwb_${randomBytes(32).toString('base64url')}`;
    this.offers.set(id, {
      app,
      dir,
      tokenHash: hash(token),
      expiresAt: this.now() + ttlMs,
      used: false,
    });
    return { id, token, withdraw: () => this.offers.delete(id) };
  }

  /** The source directory for a valid, unused, unexpired token of `id`; marks it used. */
  take(id: string, token: string): { app: string; dir: string } | undefined {
    const offer = this.offers.get(id);
    if (!offer) return undefined;
    const given = hash(token);
    if (!timingSafeEqual(given, offer.tokenHash)) return undefined;
    if (offer.used || this.now() > offer.expiresAt) return undefined;
    offer.used = true;
    return { app: offer.app, dir: offer.dir };
  }
}

/**
 * `GET /build-sources/<id>.tar.gz` with `Authorization: Bearer <token>`: the pushed commit's files as a
 * gzipped tarball (without `.git`), the same bytes for the same files. Every refusal is the same 401, so
 * nobody learns which builds exist.
 */
export function createSourceArchiveRouter(
  sources: BuildSources,
): express.Router {
  const router = express.Router();
  router.get('/build-sources/:file', (req, res, next) => {
    const match = /^([0-9a-f-]{36})\.tar\.gz$/.exec(req.params.file);
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
    const source =
      match && bearer ? sources.take(match[1], bearer[1]) : undefined;
    if (!source) {
      next(
        new AuthenticationError(
          'A valid, unused build source token is required',
        ),
      );
      return;
    }
    const tar = spawn(
      'tar',
      [
        '--create',
        '--gzip',
        '--file=-',
        '--sort=name',
        '--mtime=@0',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        '--exclude=./.git',
        '--directory',
        source.dir,
        '.',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } },
    );
    let stderr = '';
    tar.stderr.on('data', d => (stderr += d));
    res.status(200).type('application/gzip');
    tar.stdout.pipe(res);
    tar.on('close', code => {
      // Headers are gone by now: a broken archive shows as a cut-off body the fetcher rejects.
      if (code !== 0) res.destroy(new Error(`tar failed: ${stderr}`));
    });
    res.on('close', () => tar.kill());
  });
  return router;
}
