/*
 * The client half of bench/ledger.ts, in its own process: warms up, then measures each request
 * SLIPWAY_BENCH_SAMPLES times against the backend at argv[2] and prints p50/p99.
 */
import { randomUUID } from 'node:crypto';

const base = process.argv[2];
const APPS = Number(process.env.SLIPWAY_BENCH_APPS);
const RELEASES = Number(process.env.SLIPWAY_BENCH_RELEASES);
const SAMPLES = Number(process.env.SLIPWAY_BENCH_SAMPLES);

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(
      `${method} ${path}: ${response.status} ${text.slice(0, 200)}`,
    );
  return text;
}

/** Resolves when the backend's reconciler is idle (asked over the IPC channel, outside any measured request). */
function reconcilerIdle() {
  return new Promise<void>(resolve => {
    process.once('message', () => resolve());
    process.send!('idle?');
  });
}

const pick = (i: number) => `app-${String((i * 7919) % APPS).padStart(4, '0')}`;

async function measure(
  name: string,
  fn: (i: number) => Promise<unknown>,
  between?: () => Promise<unknown>,
) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    await between?.();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  return { name, n: SAMPLES, p50: at(0.5), p99: at(0.99) };
}

async function main() {
  // Warm up connections and caches (the reconciler's first route table reads every app, as a
  // backend's first scheduled reconcile does).
  for (let i = 0; i < 5; i++) {
    await call('GET', '/apps?limit=50');
    await call('GET', `/apps/${pick(i)}/releases?limit=20`);
  }
  await call('PATCH', `/apps/${pick(0)}/config`, {
    values: { BENCH_WARM_UP: randomUUID() },
  });
  await reconcilerIdle();
  // A cursor half way through the list, reached the way a client does: page after page.
  let deep: string | undefined;
  for (let i = 0; i < APPS / 2 / 500; i++) {
    const page = JSON.parse(
      await call('GET', `/apps?limit=500${deep ? `&cursor=${deep}` : ''}`),
    );
    deep = page.pageInfo.nextCursor;
  }
  let deepHealth: string | undefined;
  for (let i = 0; i < APPS / 2 / 500; i++) {
    const page = JSON.parse(
      await call(
        'GET',
        `/apps?limit=500&sort=health${
          deepHealth ? `&cursor=${deepHealth}` : ''
        }`,
      ),
    );
    deepHealth = page.pageInfo.nextCursor;
  }
  const first = await call('GET', '/apps?limit=50');
  const deepPage = JSON.parse(
    await call('GET', `/apps?limit=50&cursor=${deep}`),
  );
  const results = [
    await measure('GET /apps?limit=50', () => call('GET', '/apps?limit=50')),
    await measure(`GET /apps?limit=50&cursor= (deep)`, () =>
      call('GET', `/apps?limit=50&cursor=${deep}`),
    ),
    // The Apps page's sorts: each reads a (column, name) index, also deep in the list.
    await measure('GET /apps?sort=deployedAt&order=desc', () =>
      call('GET', '/apps?limit=50&sort=deployedAt&order=desc'),
    ),
    await measure('GET /apps?sort=health (deep)', () =>
      call('GET', `/apps?limit=50&sort=health&cursor=${deepHealth}`),
    ),
    await measure('GET /apps?sort=owner&health=crashing', () =>
      call('GET', '/apps?limit=50&sort=owner&health=crashing'),
    ),
    await measure('GET /apps?q=…', i =>
      call('GET', `/apps?q=${String(i % 100).padStart(2, '0')}5`),
    ),
    await measure('GET /apps/:app/releases?limit=20', i =>
      call('GET', `/apps/${pick(i)}/releases?limit=20`),
    ),
    // Each change is followed by a reconcile (which reads the changed app's routes, not every
    // app's); it is awaited between samples, so each request starts on an idle reconciler.
    await measure(
      'PATCH /apps/:app/config',
      i =>
        call('PATCH', `/apps/${pick(i)}/config`, {
          values: { [`BENCH_${i}`]: randomUUID() },
        }),
      reconcilerIdle,
    ),
  ];
  await reconcilerIdle();
  console.log(
    `\nLedger over HTTP on PostgreSQL, ${APPS} apps × ${RELEASES} releases (a page of 50 apps is ${(
      first.length / 1024
    ).toFixed(0)} KiB; the deep page starts at ${deepPage.items[0].name}):`,
  );
  console.log(
    [
      'endpoint'.padEnd(40),
      'n'.padStart(5),
      'p50 ms'.padStart(9),
      'p99 ms'.padStart(9),
    ].join(' '),
  );
  for (const r of results) {
    console.log(
      [
        r.name.padEnd(40),
        String(r.n).padStart(5),
        r.p50.toFixed(1).padStart(9),
        r.p99.toFixed(1).padStart(9),
      ].join(' '),
    );
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
