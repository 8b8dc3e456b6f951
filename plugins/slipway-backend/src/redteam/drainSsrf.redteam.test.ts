import net from 'node:net';
import os from 'node:os';
import { mockServices } from '@backstage/backend-test-utils';
import { maskDrainUrl, parseDrainUrl } from '../domain/drainUrl';
import type { DrainRecord, Ledger } from '../ledger';
import { DrainHub } from '../services/logs/DrainHub';
import {
  addressProblem,
  checkDrainHost,
  drainAddressPolicy,
} from '../services/logs/drainAddresses';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(30_000);

/** This red team's ports (17800-17899). */
const LISTEN_PORT = 17851;
const BACKEND_PORT = 17807;

const none = drainAddressPolicy([], [BACKEND_PORT]);

/**
 * What the add check says of a drain URL. syslog:// is not a special scheme to the URL parser, so
 * `syslog://0x7f000001` keeps its host as written: it is then a name, and getaddrinfo (the add
 * check's and the connect-time lookup's) turns it into 127.0.0.1.
 */
async function verdict(url: string): Promise<string | undefined> {
  const target = parseDrainUrl(url);
  if (typeof target === 'string') return target;
  if (!net.isIP(target.host))
    return checkDrainHost(none, target.host, target.port);
  return addressProblem(none, target.host, target.port);
}

/** The host's own addresses (every interface), as the kernel would accept them as a destination. */
function ownAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i)
    .map(i => (i.family === 'IPv6' && i.scopeid ? i.address : i.address));
}

const ledger = {
  drains: { list: async () => [] },
  releases: { newestOf: async () => new Map([['shop', []]]) },
} as unknown as Pick<Ledger, 'drains' | 'releases'>;

const drain = (url: string): DrainRecord => ({
  id: `d-${url}`,
  app: 'shop',
  url,
  display: maskDrainUrl(url),
  createdBy: 'user:default/attacker',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('red team: drain SSRF', () => {
  // HELD: the WHATWG URL parser normalizes every IPv4 spelling before the check sees it.
  it.each([
    'https://2130706433/',
    'https://0177.0.0.1/',
    'https://0x7f.1/',
    'https://127.1/',
    'https://127.0.0.1./',
    'https://%31%32%37.0.0.1/',
    'https://127\u30020\u30020\u30021/',
    'https://evil.example@127.0.0.1/',
    'https://user:pw@127.0.0.1:443/',
    'https://[::ffff:127.0.0.1]/',
    'https://[0:0:0:0:0:ffff:7f00:1]/',
    'https://[::1]/',
    'https://[::]/',
    'https://0.0.0.0/',
    'https://0/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00::2]/',
    'https://[fe80::1]/',
    'https://[64:ff9b::7f00:1]/',
    'syslog://0x7f000001:514',
    'syslog://2130706433:514',
    'syslog://0177.0.0.1:514',
    'syslog://127.1:514',
    'syslog+tls://[::ffff:10.0.0.1]:6514',
  ])('held: every encoding of a refused IP is refused: %s', async url => {
    expect(await verdict(url)).toMatch(/loopback, private/);
  });

  it('held: names that resolve to loopback (localhost., /etc/hosts names) are refused at add', async () => {
    // (localhost. does not resolve on some hosts: refused as well, for that reason.)
    for (const host of ['localhost', 'localhost.', 'LOCALHOST', 'vm', 'runsc'])
      expect(await checkDrainHost(none, host, 443)).toMatch(
        /loopback|does not resolve/,
      );
  });

  // FINDING: documentation/reserved blocks (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
  // 2001:db8::/32), the deprecated IPv4-compatible and 6to4 forms of 127.0.0.1 were allowed.
  it.each([
    '192.0.2.2',
    '198.51.100.7',
    '203.0.113.9',
    '::7f00:1',
    '2002:7f00:1::1',
    '2001:db8::1',
    '100::1',
  ])('reserved and IPv4-embedding address %s is refused', address => {
    expect(addressProblem(none, address, 443)).toMatch(/loopback, private/);
  });

  // FINDING: the host's own interface addresses (here eth0 192.0.2.2, not a private block)
  // reach every service listening on 0.0.0.0 or ::, the backend's own ports included.
  it('the host’s own interface addresses are refused, whatever block they are in', () => {
    for (const address of ownAddresses())
      expect({ address, problem: addressProblem(none, address, 443) }).toEqual({
        address,
        problem: expect.any(String),
      });
  });

  it('the backend’s own ports are refused on the host’s own addresses even when its block is allowed', () => {
    const allowAll = drainAddressPolicy(['0.0.0.0/0', '::/0'], [BACKEND_PORT]);
    for (const address of ownAddresses())
      expect(addressProblem(allowAll, address, BACKEND_PORT)).toMatch(
        /own ports/,
      );
  });

  it('a syslog drain to the host’s own address never connects to a service on all interfaces', async () => {
    const own = ownAddresses().find(a => net.isIPv4(a) && a !== '127.0.0.1');
    if (!own) return;
    let connections = 0;
    const server = net.createServer(socket => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>(resolve =>
      server.listen(LISTEN_PORT, '::', resolve),
    );
    const hub = new DrainHub({
      ledger,
      logger: mockServices.logger.mock(),
      policy: none,
      buffer: 100,
    });
    try {
      const url = `syslog://${own}:${LISTEN_PORT}`;
      await hub.add(drain(url));
      hub.deliver({
        app: 'shop',
        time: new Date().toISOString(),
        kind: 'app',
        source: 'web.1',
        line: 'PING',
      });
      const sender = hub.sender(`d-${url}`)!;
      await eventually(() => sender.lastError ?? (sender.sent ? 'sent' : ''));
      expect(sender.sent).toBe(0);
      expect(sender.lastError).toMatch(/drain refused/);
      expect(connections).toBe(0);
    } finally {
      hub.close();
      await new Promise(resolve => server.close(resolve));
    }
  });
});
