/*
 * No process started by a test run may outlive it. The run marks what it starts in two ways that
 * children inherit: an environment variable (SLIPWAY_TEST_RUN=<id>) and a private TMPDIR, under which
 * every test's temporary directories live. Processes started with a clean environment (app processes,
 * git) still have their working directory, or their sandbox's, under that TMPDIR. After the run, any
 * process carrying either mark is a survivor: it is listed and killed, and the run fails.
 * Only this run's processes match: other runs on the machine have other ids and directories, and the
 * shared Kubernetes control plane and PostgreSQL were started without the marks.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const MARK = 'SLIPWAY_TEST_RUN';

/** Marks `env` (for the test runner) and returns what identifies this run's processes. */
function markRun(env) {
  const id = crypto.randomBytes(8).toString('hex');
  const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-run-'));
  // Like /tmp itself: other users (nginx's workers, sandboxed code) traverse into tests' directories.
  fs.chmodSync(tmpdir, 0o1777);
  env[MARK] = id;
  env.TMPDIR = tmpdir;
  return { id, tmpdir };
}

function readOrNothing(read) {
  try {
    return read();
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

/** Processes (other than this one) that carry the run's marks. */
function findSurvivors(run) {
  const marker = `${MARK}=${run.id}`;
  const survivors = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const proc = `/proc/${name}`;
    const environ = readOrNothing(() =>
      fs.readFileSync(`${proc}/environ`, 'utf8'),
    );
    const cwd = readOrNothing(() => fs.readlinkSync(`${proc}/cwd`));
    const marked =
      environ?.split('\0').includes(marker) ||
      (cwd !== undefined &&
        (cwd === run.tmpdir || cwd.startsWith(`${run.tmpdir}/`)));
    if (!marked) continue;
    const command = readOrNothing(() =>
      fs.readFileSync(`${proc}/cmdline`, 'utf8').split('\0').join(' ').trim(),
    );
    survivors.push({ pid: Number(name), command: command || '?', cwd });
  }
  return survivors;
}

/**
 * Waits briefly for the run's processes to finish exiting, then kills and reports the rest.
 * Returns the survivors found (empty: the run left nothing behind).
 */
async function checkSurvivors(run, graceMs = 3000) {
  const deadline = Date.now() + graceMs;
  let survivors = findSurvivors(run);
  while (survivors.length > 0 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 200));
    survivors = findSurvivors(run);
  }
  for (const survivor of survivors) {
    try {
      process.kill(survivor.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(run.tmpdir, { recursive: true, force: true });
  return survivors;
}

module.exports = { markRun, findSurvivors, checkSurvivors };
