/*
 * `yarn why` for every Backstage package that a Slipway package depends on: Slipway must bring no
 * copy of its own. Each such package resolves, for all Slipway packages, to one version that the
 * portal's own Backstage packages use as well. A stock portal may already hold two versions of a
 * package (its packages/app pins the release's ranges while newer plugins need the next major);
 * those are listed, not failed.
 */
const { execFile } = require('node:child_process');
const { promisify } = require('node:util');

const exec = promisify(execFile);

async function checkSingleCopies({ portal, packed, yarn, env }) {
  // The CLI (`@slipway/cli`) is installed on a developer's machine, not into the portal.
  const inPortal = packed.filter(p => p.packed.backstage?.role !== 'cli');
  const names = [
    ...new Set(
      inPortal.flatMap(p =>
        Object.keys({
          ...p.packed.dependencies,
          ...p.packed.peerDependencies,
        }).filter(n => n.startsWith('@backstage/')),
      ),
    ),
  ].sort();
  const problems = [];
  const lines = [];
  for (const name of names) {
    const { stdout } = await exec(yarn, ['why', name, '--json'], {
      cwd: portal,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    const slipway = new Set();
    const others = new Set();
    for (const line of stdout.split('\n').filter(Boolean)) {
      const { value, children } = JSON.parse(line);
      for (const { locator } of Object.values(children)) {
        const version = /npm:([^:#]+)$/.exec(locator)?.[1] ?? locator;
        (value.startsWith('@slipway/') ? slipway : others).add(version);
      }
    }
    const all = new Set([...slipway, ...others]);
    if (slipway.size !== 1) {
      problems.push(
        `${name}: Slipway's packages resolve to ${slipway.size} versions (${[
          ...slipway,
        ].join(', ')})`,
      );
    } else if (others.size > 0 && !others.has([...slipway][0])) {
      problems.push(
        `${name}: Slipway brings ${[...slipway][0]}, the portal uses ${[
          ...others,
        ].join(', ')}`,
      );
    }
    lines.push(
      `${name.padEnd(50)} ${[...slipway].join(', ')}${
        all.size > 1
          ? `   (the stock portal also has ${[...all]
              .filter(v => !slipway.has(v))
              .join(', ')})`
          : ''
      }`,
    );
  }
  return { problems, lines };
}

module.exports = { checkSingleCopies };
