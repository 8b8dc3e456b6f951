#!/usr/bin/env node
/*
 * Run by `npm start` and `npm test` (`npm install` stops by itself: engine-strict in .npmrc):
 * Slipway is built on a Backstage release that supports Node 22 and 24 only (its create-app
 * refuses Node 20, which is past its end of life).
 */

const SUPPORTED = [22, 24];
const major = Number(process.versions.node.split('.')[0]);

if (!SUPPORTED.includes(major)) {
  console.error(
    [
      `Slipway needs Node.js ${SUPPORTED.join(' or ')}; this is Node.js ${
        process.versions.node
      } (${process.execPath}).`,
      `Node 24 from the npm registry (on ${process.platform}-${process.arch}; see the README, "Quick start"):`,
      `  npm install --prefix ~/.node24 node-${process.platform}-${process.arch}@24`,
      `  export PATH=~/.node24/node_modules/node-${process.platform}-${process.arch}/bin:$PATH`,
    ].join('\n'),
  );
  process.exit(1);
}
