/*
 * Running the commands of the install check: each one's output goes to a log file, and a
 * failure shows the end of that log.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

/** Runs a command to completion; rejects with the end of its log when it fails. */
function run(command, args, { cwd, env, log }) {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'a');
  fs.writeSync(out, `$ ${command} ${args.join(' ')}  (in ${cwd})\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', out, out],
    });
    child.on('error', reject);
    child.on('close', code => {
      fs.closeSync(out);
      if (code === 0) {
        resolve();
      } else {
        reject(
          new Error(
            `${command} ${args.join(
              ' ',
            )} failed (exit ${code}); the end of ${log}:\n${tail(log)}`,
          ),
        );
      }
    });
  });
}

/** Starts a long-running command in its own process group; `stop()` ends the whole group. */
function start(command, args, { cwd, env, log }) {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'a');
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise(resolve => child.on('exit', resolve));
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function tail(file, lines = 60) {
  try {
    // Lines cut at 400 characters: a crashing minified tool prints its whole source line.
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(-lines)
      .map(l => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
      .join('\n');
  } catch {
    return '(no log)';
  }
}

/** Waits until `url` answers 2xx; fails early when the started process exits. */
async function waitUntilAnswers(url, started, { timeoutMs, log }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) {
      throw new Error(
        `the process exited with ${started.child.exitCode} (log: ${log})`,
      );
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000} s (log: ${log})`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

/** A port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { run, start, tail, waitUntilAnswers, freePort };
