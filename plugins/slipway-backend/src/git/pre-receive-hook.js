/*
 * Slipway's pre-receive hook. `git receive-pack` runs it after a push's objects have arrived and
 * before any ref is updated. It hands the ref updates to the Slipway backend serving the push
 * (over the push's private Unix socket, with the push's one-time secret) and relays the backend's
 * output — the build log — to `git push` as it comes. Its exit status is the backend's verdict:
 * non-zero rejects the whole push, so a failed build updates no ref.
 */
const http = require('node:http');

function finish(code, message) {
  if (message) process.stdout.write(`${message}\n`);
  process.exitCode = code;
}

let updates = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => {
  updates += chunk;
});
process.stdin.on('end', () => {
  const body = JSON.stringify({
    updates,
    quarantine: process.env.GIT_QUARANTINE_PATH || null,
  });
  const request = http.request(
    {
      socketPath: process.env.SLIPWAY_HOOK_SOCKET,
      path: '/pre-receive',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-slipway-secret': process.env.SLIPWAY_HOOK_SECRET || '',
      },
    },
    response => {
      // Newline-delimited JSON: {"out": "..."} for output, finally {"exit": <code>}.
      let exitCode = 1;
      let pending = '';
      response.setEncoding('utf8');
      response.on('data', chunk => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const message = JSON.parse(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          if (typeof message.out === 'string')
            process.stdout.write(message.out);
          if (typeof message.exit === 'number') exitCode = message.exit;
          newline = pending.indexOf('\n');
        }
      });
      response.on('end', () => finish(exitCode));
      response.on('error', error =>
        finish(1, `Slipway stopped answering: ${error.message}`),
      );
    },
  );
  request.on('error', error =>
    finish(1, `Could not reach Slipway to build this push: ${error.message}`),
  );
  request.end(body);
});
