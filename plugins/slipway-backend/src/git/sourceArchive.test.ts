import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { BuildSources, createSourceArchiveRouter } from './sourceArchive';

describe('build source archives', () => {
  let dir: string;
  let store: string;
  let now: number;
  let sources: BuildSources;
  let app: express.Express;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-archive-'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"shop"}');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'index.js'), 'console.log(1)');
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'config'), 'secret remote');
    now = 1_000_000;
    store = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-source-store-'));
    sources = new BuildSources(store, () => now);
    app = express();
    app.use(createSourceArchiveRouter(sources));
    app.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(store, { recursive: true, force: true });
  });

  const fetchArchive = (id: string, token: string, server = app) =>
    request(server)
      .get(`/build-sources/${id}.tar.gz`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  const list = (archive: Buffer) =>
    execFileSync('tar', ['-tz'], { input: archive, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .sort();

  it('serves the source once, as a tarball without .git, the same bytes for the same files', async () => {
    const first = await sources.offer('shop', dir, 60_000);
    const response = await fetchArchive(first.id, first.token);
    expect(response.status).toBe(200);
    expect(list(response.body)).toEqual([
      './',
      './package.json',
      './src/',
      './src/index.js',
    ]);
    // Single use: the same token again is refused.
    expect((await fetchArchive(first.id, first.token)).status).toBe(401);

    const second = await sources.offer('shop', dir, 60_000);
    expect((await fetchArchive(second.id, second.token)).body).toEqual(
      response.body,
    );
  });

  it('answers the same 401 for a wrong token, another build, an expired or withdrawn offer, and no token', async () => {
    const mine = await sources.offer('shop', dir, 60_000);
    const other = await sources.offer('other', dir, 60_000);
    const wrong = await fetchArchive(mine.id, other.token);
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body.toString()).error.name).toBe(
      'AuthenticationError',
    );
    expect(
      (await fetchArchive('00000000-0000-0000-0000-000000000000', mine.token))
        .status,
    ).toBe(401);
    expect(
      (await request(app).get(`/build-sources/${mine.id}.tar.gz`)).status,
    ).toBe(401);
    // A refused attempt does not use the offer up.
    now += 59_000;
    expect((await fetchArchive(other.id, other.token)).status).toBe(200);

    const late = await sources.offer('shop', dir, 60_000);
    now += 60_001;
    expect((await fetchArchive(late.id, late.token)).status).toBe(401);

    const withdrawn = await sources.offer('shop', dir, 60_000);
    withdrawn.withdraw();
    expect((await fetchArchive(withdrawn.id, withdrawn.token)).status).toBe(
      401,
    );
  });

  it('serves an offer made by one replica from another on the same data directory, once in all', async () => {
    // Two replicas: each its own BuildSources and router, one shared directory (the RWX volume).
    const other = express();
    other.use(createSourceArchiveRouter(new BuildSources(store, () => now)));
    other.use(
      MiddlewareFactory.create({
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const offer = await sources.offer('shop', dir, 60_000);
    // The pushed checkout is gone once offered: the other replica never sees it.
    fs.rmSync(dir, { recursive: true, force: true });
    const response = await fetchArchive(offer.id, offer.token, other);
    expect(response.status).toBe(200);
    expect(list(response.body)).toContain('./src/index.js');
    expect((await fetchArchive(offer.id, offer.token, app)).status).toBe(401);
    expect((await fetchArchive(offer.id, offer.token, other)).status).toBe(401);
    // Withdrawn, nothing of it is left on the volume; the token is only kept hashed.
    offer.withdraw();
    expect(fs.readdirSync(store)).toEqual([]);
  });

  it('keeps only the token hash on disk and removes offers left behind by a dead replica once expired', async () => {
    const offer = await sources.offer('shop', dir, 60_000);
    const files = fs.readdirSync(store).sort();
    expect(files).toEqual([`${offer.id}.json`, `${offer.id}.tar.gz`]);
    const stored = fs.readFileSync(
      path.join(store, `${offer.id}.json`),
      'utf8',
    );
    expect(stored).not.toContain(offer.token);
    now += 60_001;
    const next = await sources.offer('shop', dir, 60_000);
    expect(fs.readdirSync(store).sort()).toEqual(
      [`${next.id}.json`, `${next.id}.tar.gz`].sort(),
    );
  });
});
