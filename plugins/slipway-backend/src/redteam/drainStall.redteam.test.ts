import net, { type AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { maskDrainUrl } from '../domain/drainUrl';
import type { DrainRecord, Ledger, NewLogLine } from '../ledger';
import { DrainHub } from '../services/logs/DrainHub';
import { drainAddressPolicy } from '../services/logs/drainAddresses';
import { eventually } from '../runtime/local/testing/fixtures';

jest.setTimeout(30_000);

/** The ledger a hub reads; `values` are shop's config values (changed by a test). */
let values: Record<string, string> = { OLD: 'old-value-1234' };
const ledger = {
  drains: { list: async () => [] },
  releases: {
    newestOf: async () => new Map([['shop', [{ config: { values } }]]]),
  },
} as unknown as Pick<Ledger, 'drains' | 'releases'>;

const loopback = drainAddressPolicy(['127.0.0.0/8'], [7007]);

const drain = (url: string): DrainRecord => ({
  id: `d-${url}`,
  app: 'shop',
  url,
  display: maskDrainUrl(url),
  createdBy: 'user:default/attacker',
  createdAt: '2026-01-01T00:00:00.000Z',
});

const line = (text: string): NewLogLine => ({
  app: 'shop',
  time: new Date().toISOString(),
  kind: 'app',
  source: 'web.1',
  line: text,
});

/** A TCP receiver on loopback: `stall` accepts and never reads (a slowloris log host). */
async function receiver(stall: boolean) {
  let text = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer(socket => {
    sockets.add(socket);
    if (stall) socket.pause();
    else socket.on('data', chunk => (text += chunk));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    text: () => text,
    close: () => {
      sockets.forEach(s => s.destroy());
      return new Promise(resolve => server.close(resolve));
    },
  };
}

describe('red team: stalled drains and fresh secrets', () => {
  const hubs: DrainHub[] = [];
  const hub = () => {
    const made = new DrainHub({
      ledger,
      logger: mockServices.logger.mock(),
      policy: loopback,
      buffer: 10_000,
    });
    hubs.push(made);
    return made;
  };
  afterEach(() => hubs.splice(0).forEach(h => h.close()));

  // FINDING: the queue was bounded in lines only: 16 KiB lines held for a receiver that
  // never reads pinned buffer x 16 KiB (160 MB at the default) of backend memory per drain.
  it('a receiver that never reads holds a bounded amount of text, and delivering stays quick', async () => {
    const stalled = await receiver(true);
    try {
      const h = hub();
      const url = `syslog://127.0.0.1:${stalled.port}`;
      await h.add(drain(url));
      const big = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 2000; i++) h.deliver(line(`${i} ${big}`));
      const sender = h.sender(`d-${url}`)!;
      // 2000 x 16 KiB = 32 MiB offered; at most a few MiB may wait.
      expect(sender.dropped).toBeGreaterThan(1000);
    } finally {
      await stalled.close();
    }
  });

  // FINDING: a drain's mask was reread every 5 s in the background, so a config value set just
  // now went out unmasked in the lines printed meanwhile. Now the config and rollback services
  // tell the hub of every new release's values before that release's processes start.
  it('a config value set just now is masked in the drain', async () => {
    const open = await receiver(false);
    try {
      const h = hub();
      await h.add(drain(`syslog://127.0.0.1:${open.port}`));
      values = { OLD: 'old-value-1234', NEW: 'fresh-secret-5678' };
      h.learn('shop', values);
      h.deliver(line('old-value-1234 fresh-secret-5678'));
      // The line arrives (its old value masked as ***), then is looked at.
      await eventually(() => open.text().includes('***') || undefined);
      expect(open.text()).not.toContain('old-value-1234');
      expect(open.text()).not.toContain('fresh-secret-5678');
    } finally {
      values = { OLD: 'old-value-1234' };
      await open.close();
    }
  });
});
