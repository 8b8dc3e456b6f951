import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  captureProcfileScript,
  parseBuildReport,
  writeReportScript,
} from './buildReport';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('the build report', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-build-report-'));
    fs.mkdirSync(path.join(dir, 'workspace'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs the build script's report lines with /bin/sh, as the build pod does; returns the report. */
  function report(): string {
    const workspace = path.join(dir, 'workspace');
    const file = path.join(dir, 'termination-log');
    execFileSync('/bin/sh', [
      '-c',
      [
        'set -e',
        captureProcfileScript(workspace),
        `digest=${DIGEST}`,
        writeReportScript(file),
      ].join('\n'),
    ]);
    return fs.readFileSync(file, 'utf8');
  }

  it('carries the digest and the Procfile as the pod read it', () => {
    fs.writeFileSync(
      path.join(dir, 'workspace/Procfile'),
      'web: node server.js\nworker: node w.js\n',
    );
    expect(parseBuildReport(report().trim())).toEqual({
      digest: DIGEST,
      procfile: { web: 'node server.js', worker: 'node w.js' },
    });
  });

  it('reports no Procfile for none, a link or a FIFO (which it does not open)', () => {
    expect(parseBuildReport(report())).toEqual({ digest: DIGEST });
    const procfile = path.join(dir, 'workspace/Procfile');
    fs.symlinkSync('/etc/passwd', procfile);
    expect(parseBuildReport(report())).toEqual({ digest: DIGEST });
    fs.rmSync(procfile);
    execFileSync('mkfifo', [procfile]);
    expect(parseBuildReport(report())).toEqual({ digest: DIGEST });
  });

  it('keeps at most one byte more than allowed of a huge sparse Procfile, and the backend refuses it', () => {
    const handle = fs.openSync(path.join(dir, 'workspace/Procfile'), 'w');
    fs.ftruncateSync(handle, 1024 * 1024 * 1024);
    fs.closeSync(handle);
    const text = report();
    expect(text.length).toBeLessThan(4096);
    expect(() => parseBuildReport(text)).toThrow(
      'the Procfile is larger than 3072 bytes, the most a Kubernetes build reports',
    );
  });

  it('refuses a report without a digest', () => {
    expect(() => parseBuildReport('pushed!')).toThrow(
      'the build finished without reporting the digest of a pushed image',
    );
  });
});
