// The test app of the real-node suite (see realNode.e2e.test.ts): what it does is chosen by its config.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');

const mode = process.env.MODE ?? 'serve';
console.log(`starting in mode ${mode} as uid ${process.getuid()}`);

if (mode === 'exit') {
  console.log(`cannot connect to ${process.env.DATABASE_URL ?? 'no database'}`);
  process.exit(3);
}
if (mode === 'oom') {
  const hog = [];
  for (;;) hog.push(Buffer.alloc(1024 * 1024, 1));
}

const writable = dir => {
  try {
    fs.writeFileSync(`${dir}/probe-${process.pid}`, 'x');
    return true;
  } catch {
    return false;
  }
};

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(mode === 'unhealthy' ? 500 : 200);
    res.end(mode);
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      greeting: process.env.GREETING ?? null,
      uid: process.getuid(),
      home: os.homedir(),
      tmpWritable: writable('/tmp'),
      homeWritable: writable(os.homedir()),
      rootWritable: writable('/app'),
    }),
  );
});
server.listen(Number(process.env.PORT ?? 5000), () =>
  console.log(`listening on ${process.env.PORT}`),
);
process.on('SIGTERM', () => {
  console.log('got SIGTERM, draining');
  setTimeout(() => {
    console.log('drained, bye');
    process.exit(0);
  }, 1500);
});
