import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { EndpointSync, installLua, renderUpdate } from './endpoints';
import { tempDir } from '../testing/helpers';

describe('endpoint updates', () => {
  let dir: string;
  let server: http.Server;
  let received: { token: string; body: string }[];
  let port: number;

  beforeEach(async () => {
    dir = tempDir();
    received = [];
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => {
        body += c;
      });
      req.on('end', () => {
        received.push({ token: String(req.headers['x-slipway-token']), body });
        if (body.includes('bad')) {
          res.statusCode = 400;
          res.end('line 1: not an app name');
        } else res.end(`changed ${body.split('\n').filter(Boolean).length}`);
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise(r => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the update text the Lua module parses', () => {
    expect(
      renderUpdate(
        [
          ['web1', ['10.0.0.1:80', '10.0.0.2:80']],
          ['idle', []],
          ['gone', undefined],
        ],
        true,
      ),
    ).toBe('replace\nset web1 10.0.0.1:80 10.0.0.2:80\nset idle\ndel gone\n');
  });

  it('installs the module and one private token, kept across restarts', async () => {
    const token = await installLua(dir);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(await installLua(dir)).toBe(token);
    const file = path.join(dir, 'lua', 'token');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(
      fs.readFileSync(path.join(dir, 'lua', 'slipway_endpoints.lua'), 'utf8'),
    ).toContain('function _M.balance()');
  });

  it('sends everything to a new master, then only what changed; writes the state nginx loads at start', async () => {
    const state = path.join(dir, 'endpoints');
    const sync = new EndpointSync(port, state, async () => 'tok');
    const wanted = new Map([
      ['web1', ['10.0.0.1:80']],
      ['web2', ['10.0.0.2:80']],
    ]);
    // No master running: only the file.
    expect(await sync.sync(wanted, undefined)).toBe(false);
    expect(received).toEqual([]);
    expect(fs.readFileSync(state, 'utf8')).toBe(
      'replace\nset web1 10.0.0.1:80\nset web2 10.0.0.2:80\n',
    );

    expect(await sync.sync(wanted, 100)).toBe(true);
    expect(received.pop()).toEqual({
      token: 'tok',
      body: 'replace\nset web1 10.0.0.1:80\nset web2 10.0.0.2:80\n',
    });
    expect(await sync.sync(wanted, 100)).toBe(false);
    expect(received).toEqual([]);

    await sync.sync(new Map([['web1', ['10.0.0.9:80']]]), 100);
    expect(received.pop()?.body).toBe('set web1 10.0.0.9:80\ndel web2\n');
    // Another master (restarted): everything again.
    await sync.sync(new Map([['web1', ['10.0.0.9:80']]]), 200);
    expect(received.pop()?.body).toBe('replace\nset web1 10.0.0.9:80\n');
  });

  it('throws with nginx reason when an update is refused, and sends everything next time', async () => {
    const sync = new EndpointSync(port, path.join(dir, 'e'), async () => 't');
    await sync.sync(new Map([['web1', ['10.0.0.1:80']]]), 1);
    await expect(
      sync.sync(new Map([['bad', ['10.0.0.1:80']]]), 1),
    ).rejects.toThrow(
      'nginx refused the endpoint update (400): line 1: not an app name',
    );
    await sync.sync(new Map([['web1', ['10.0.0.1:80']]]), 1);
    expect(received.pop()?.body).toBe('replace\nset web1 10.0.0.1:80\n');
  });

  it('writes the whole state after changes to some apps, the same as rendering it afresh', async () => {
    const state = path.join(dir, 'state');
    const sync = new EndpointSync(port, state, async () => 't');
    const wanted = new Map([
      ['web1', ['10.0.0.1:80']],
      ['web2', ['10.0.0.2:80']],
      ['web3', ['10.0.0.3:80']],
    ]);
    await sync.sync(wanted, 1);
    await sync.persist();
    wanted.set('web2', ['10.0.0.7:80', '10.0.0.8:80']);
    await sync.syncApps(wanted, ['web2'], 1);
    expect(received.pop()?.body).toBe('set web2 10.0.0.7:80 10.0.0.8:80\n');
    await sync.persist();
    expect(fs.readFileSync(state, 'utf8')).toBe(
      renderUpdate([...wanted], true),
    );
    // Removed by hand: nothing changed since, so it is not written again (an apply that changes
    // nothing costs no file write); the next change writes it.
    fs.rmSync(state);
    await sync.persist();
    expect(fs.existsSync(state)).toBe(false);
    wanted.delete('web1');
    await sync.sync(wanted, 1);
    await sync.persist();
    expect(fs.readFileSync(state, 'utf8')).toBe(
      'replace\nset web2 10.0.0.7:80 10.0.0.8:80\nset web3 10.0.0.3:80\n',
    );
  });
});
