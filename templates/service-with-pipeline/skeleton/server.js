// ${{ values.name }}: a web service with no dependencies (Node's own http module).
// Slipway gives it a PORT and sends SIGTERM before replacing it with a new release.
const http = require('node:http');

const name = '${{ values.name }}';
const release = process.env.SLIPWAY_RELEASE || 'dev';

function log(fields) {
  // One JSON object per line on stdout: the platform collects it as the app's log.
  console.log(JSON.stringify({ time: new Date().toISOString(), ...fields }));
}

const server = http.createServer((req, res) => {
  const started = Date.now();
  res.on('finish', () =>
    log({
      method: req.method,
      path: req.url,
      status: res.statusCode,
      ms: Date.now() - started,
    }),
  );

  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok\n');
  } else if (pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      `${JSON.stringify({
        app: name,
        release,
        // Config set in the portal arrives as environment variables.
        message: `${process.env.GREETING || 'Hello'} from ${name}!`,
      })}\n`,
    );
  } else {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(`${JSON.stringify({ error: 'Not found' })}\n`);
  }
});

server.listen(Number(process.env.PORT || 5000), () => {
  log({ message: `${name} listening on port ${server.address().port}` });
});

// Finish the requests in flight, then exit: this is what makes deploys zero-downtime.
process.on('SIGTERM', () => {
  log({ message: 'SIGTERM received, draining' });
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
});
