#!/usr/bin/env node
/*
 * The web process of static sites built by Slipway's local build executor: serves the slug
 * (the directory above this script) on $PORT. Copied into every static slug as
 * `.slipway/static-server.js`, so a slug runs without Slipway's code. No dependencies.
 */
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

// This script runs on its own from inside a slug (not bundled with the backend), so __dirname is right.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT || 5000);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(body);
}

/** The file a URL path names, or undefined when it is outside the site or hidden (a dotfile). */
function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter(Boolean);
  if (
    segments.some(
      s => s.startsWith('.') || s.includes('\\') || s.includes('\0'),
    )
  ) {
    return undefined;
  }
  const file = path.join(root, ...segments);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'Method Not Allowed\n');
    return;
  }
  const urlPath = (req.url || '/').split('?')[0];
  let file = fileFor(urlPath);
  if (!file) {
    send(res, 404, 'Not Found\n');
    return;
  }
  fs.stat(file, (error, stat) => {
    if (!error && stat.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        res.writeHead(301, { location: `${urlPath}/` });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    fs.stat(file, (fileError, fileStat) => {
      if (fileError || !fileStat.isFile()) {
        send(res, 404, 'Not Found\n');
        return;
      }
      res.writeHead(200, {
        'content-type':
          TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': fileStat.size,
        'last-modified': fileStat.mtime.toUTCString(),
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).pipe(res);
    });
  });
});

server.listen(port, () => {
  console.log(`Serving ${root} on port ${port}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
