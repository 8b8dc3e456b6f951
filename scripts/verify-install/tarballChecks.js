/*
 * Static checks of unpacked tarballs, driven by what the packed code and package.json refer to
 * (not by a list of expected files, which would go stale):
 * - every entry point of package.json (main, module, types, exports, typesVersions, configSchema,
 *   files) is in the tarball;
 * - every relative import of every packed module resolves to a packed file;
 * - every `resolvePackagePath('<one of our packages>', ...)` names a packed file or folder, and
 *   packed code does not find files through __dirname (which the check could not follow);
 * - every package a packed module imports is a declared dependency.
 */
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const ENTRY_FIELDS = ['main', 'module', 'types', 'browser', 'configSchema'];
const CODE = /\.(c|m)?js$/;
const TYPES = /\.d\.ts$/;

/** Returns a list of problems (empty when every tarball is complete). */
function checkTarballs(packages) {
  const byName = new Map(packages.map(p => [p.name, p]));
  return packages.flatMap(pkg =>
    [...entryPointProblems(pkg), ...moduleProblems(pkg, byName)].map(
      problem => `${pkg.name}: ${problem}`,
    ),
  );
}

function entryPointProblems({ packed, unpacked }) {
  const targets = [
    ...ENTRY_FIELDS.filter(f => typeof packed[f] === 'string').map(f => [
      f,
      packed[f],
    ]),
    ...leaves(packed.exports, 'exports'),
    ...leaves(packed.typesVersions, 'typesVersions'),
    ...(packed.files ?? []).map(f => ['files', f]),
  ];
  return targets
    .filter(([, target]) => !target.includes('*'))
    .filter(([, target]) => !fs.existsSync(path.join(unpacked, target)))
    .map(([field, target]) => `${field} names ${target}, which is not packed`);
}

function leaves(value, at) {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap(v => leaves(v, at));
  if (value && typeof value === 'object') {
    // The "backstage" condition is a feature marker (e.g. @backstage/FrontendPlugin), not a path.
    return Object.entries(value)
      .filter(([k]) => k !== 'backstage')
      .flatMap(([k, v]) => leaves(v, `${at}.${k}`));
  }
  return [];
}

function moduleProblems(pkg, byName) {
  const problems = [];
  const declared = new Set([
    pkg.name,
    ...Object.keys(pkg.packed.dependencies ?? {}),
    ...Object.keys(pkg.packed.peerDependencies ?? {}),
    ...Object.keys(pkg.packed.optionalDependencies ?? {}),
  ]);
  for (const file of walk(pkg.unpacked)) {
    const rel = path.relative(pkg.unpacked, file);
    if (!CODE.test(file) && !TYPES.test(file)) continue;
    const source = fs.readFileSync(file, 'utf8');
    for (const specifier of importSpecifiers(source)) {
      if (specifier.startsWith('.')) {
        if (!resolvesRelative(file, specifier)) {
          problems.push(`${rel} imports ${specifier}, which is not packed`);
        }
      } else if (CODE.test(file)) {
        const name = packageName(specifier);
        if (!isBuiltin(specifier) && !declared.has(name)) {
          problems.push(`${rel} imports ${name}, which is not a dependency`);
        }
      }
    }
    if (!CODE.test(file)) continue;
    for (const call of resolvePackagePathCalls(source)) {
      if (!call.args) {
        problems.push(
          `${rel} calls resolvePackagePath(${call.text}) without literal arguments, so the packed files it needs cannot be checked`,
        );
        continue;
      }
      const [name, ...segments] = call.args;
      const target = byName.get(name);
      if (target && !fs.existsSync(path.join(target.unpacked, ...segments))) {
        problems.push(
          `${rel} resolves ${segments.join(
            '/',
          )} in ${name}, which is not packed (add it to "files")`,
        );
      }
    }
    if (
      rel.startsWith(`dist${path.sep}`) &&
      /\b__(dirname|filename)\b/.test(source)
    ) {
      problems.push(
        `${rel} uses __dirname or __filename; resolve runtime files with resolvePackagePath so that they can be checked`,
      );
    }
  }
  return problems;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Module specifiers of require(), import() and static import/export ... from statements. */
function importSpecifiers(source) {
  const found = new Set();
  const patterns = [
    /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g,
    /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g,
    /^\s*(?:import|export)\s[^;]*?\sfrom\s+(['"])([^'"]+)\1/gm,
    /^\s*import\s+(['"])([^'"]+)\1/gm,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      // `require("${name}")` inside a template literal is text the code writes (the nginx
      // router's Lua), not a module it loads.
      if (!match[2].includes('${')) found.add(match[2]);
    }
  }
  return found;
}

function resolvesRelative(file, specifier) {
  const base = path.resolve(path.dirname(file), specifier);
  const candidates = TYPES.test(file)
    ? [
        base,
        `${base}.d.ts`,
        base.replace(/\.(c|m)?js$/, '.d.ts'),
        path.join(base, 'index.d.ts'),
      ]
    : [
        base,
        `${base}.js`,
        `${base}.cjs`,
        `${base}.mjs`,
        path.join(base, 'index.js'),
      ];
  return candidates.some(c => fs.existsSync(c) && fs.statSync(c).isFile());
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return (
    specifier.startsWith('node:') ||
    builtinModules.includes(specifier) ||
    builtinModules.includes(specifier.split('/')[0])
  );
}

/** resolvePackagePath( ... ) calls, with their arguments when all of them are string literals. */
function resolvePackagePathCalls(source) {
  const calls = [];
  for (const match of source.matchAll(/\bresolvePackagePath\(([^)]*)\)/g)) {
    const text = match[1].trim();
    const parts = text
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    const literals = parts.map(p => /^(['"])([^'"]*)\1$/.exec(p)?.[2]);
    const isDeclaration = /^\w+\s*:/.test(text) || text === '';
    if (isDeclaration) continue;
    calls.push({
      text,
      args: literals.every(l => l !== undefined) ? literals : undefined,
    });
  }
  return calls;
}

/**
 * Proves the checks are not vacuous: with each package's main module removed from a copy of its
 * tarball, checkTarballs must report it.
 */
function checkTheChecks(packages, scratch) {
  return packages.flatMap(pkg => {
    if (!pkg.packed.main)
      return [`${pkg.name}: the packed package.json has no main`];
    const copy = path.join(scratch, pkg.name);
    fs.cpSync(pkg.unpacked, copy, { recursive: true });
    fs.rmSync(path.join(copy, pkg.packed.main));
    const problems = checkTarballs([{ ...pkg, unpacked: copy }]);
    fs.rmSync(copy, { recursive: true, force: true });
    return problems.some(p => p.includes(pkg.packed.main.replace(/^\.\//, '')))
      ? []
      : [`${pkg.name}: removing ${pkg.packed.main} went unnoticed`];
  });
}

module.exports = { checkTarballs, checkTheChecks };
