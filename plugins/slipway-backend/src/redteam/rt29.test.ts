/**
 * Red team of #29 (apps and builds on a real Kubernetes node): findings that need no cluster.
 * See rt29.realNode.e2e.test.ts for what was tried from inside a pod.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildSources } from '../git/sourceArchive';
import { secretMask } from '../domain/secretMask';
import { readableText } from '../domain/readableText';
import { DEFAULT_POD_SETTINGS } from '../kubernetes/podSettings';
import { describeCrash } from '../runtime/kubernetes/rollout';
import {
  deploymentManifest,
  runJobManifest,
} from '../runtime/kubernetes/manifests';
import {
  desiredState,
  release,
} from '../runtime/kubernetes/__testUtils__/fakeCluster';

const SECRET = 'sk_live_0123456789abcdefghijklmnopqrstuvwxyz';

describe('RT29: the fail-fast release reason for a reader without config read', () => {
  const crash = {
    pod: 'shop-web-1',
    container: 'web',
    reason: 'Error',
    exitCode: 1,
    restarts: 1,
    ran: true,
  };
  const mask = secretMask([{ STRIPE_KEY: SECRET }]);
  /** No run of 8 characters of the secret is left after masking. */
  const leaks = (text: string) => {
    const found: string[] = [];
    for (let i = 0; i + 8 <= SECRET.length; i++)
      if (text.includes(SECRET.slice(i, i + 8)))
        found.push(SECRET.slice(i, i + 8));
    return found;
  };

  it('masks a secret printed whole on a short line (holds)', () => {
    const reason = describeCrash('web', crash, [`key=${SECRET}`]);
    expect(leaks(mask(reason))).toEqual([]);
  });

  it('shows terminal escapes of a crashed app’s log as text to every reader (holds)', () => {
    const reason = describeCrash('web', crash, [
      '\u001b]0;owned\u0007\u001b[2J\rboom',
    ]);
    const shown = readableText(mask(reason));
    for (const c of ['\u001b', '\u0007', '\r']) expect(shown).not.toContain(c);
  });

  it('does not show the start of a secret that the 200-character cut of a long line splits', () => {
    // The app logs a long line with its key near the end, then crashes: the line is cut at 200 characters
    // when the reason is written, so the stored reason holds a prefix of the key that no mask matches.
    const line = `${'x'.repeat(160)} connecting with ${SECRET}`;
    const reason = describeCrash('web', crash, [line]);
    expect(leaks(mask(reason))).toEqual([]);
  });
});

describe('RT29: the writable scratch directories of app pods', () => {
  const rel = release('shop', {
    version: 3,
    image: `registry.example.test/shop@sha256:${'a'.repeat(64)}`,
  });
  const desired = desiredState('shop', rel, { web: 1 });
  const options = {
    deployTimeout: 120,
    runAsNonRoot: true,
    pods: DEFAULT_POD_SETTINGS,
  };

  it('bounds /tmp and HOME (emptyDirs on the node disk), so one app cannot fill the node and get every pod evicted', () => {
    for (const spec of [
      deploymentManifest(desired, rel, 'web', options).spec!.template.spec!,
      runJobManifest('shop', rel, 'dd if=/dev/zero of=/tmp/x', 'shop-run-1', {
        ...options,
        runTimeout: 60,
      }).spec!.template.spec!,
    ]) {
      for (const volume of spec.volumes ?? []) {
        expect({
          name: volume.name,
          sizeLimit: volume.emptyDir?.sizeLimit,
        }).toEqual({
          name: volume.name,
          sizeLimit: expect.any(String),
        });
      }
    }
  });
});

describe('RT29: build source tokens (held)', () => {
  it('answers a token once, only for its own offer, not after withdrawal or expiry', async () => {
    let now = 0;
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rt29-'));
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-rt29-src-'));
    try {
      const sources = new BuildSources(store, () => now);
      const a = await sources.offer('app-a', src, 1000);
      const b = await sources.offer('app-b', src, 1000);
      expect(await sources.take(b.id, a.token)).toBeUndefined();
      expect(await sources.take(a.id, `${a.token}x`)).toBeUndefined();
      expect(await sources.take(a.id, a.token)).toEqual({
        app: 'app-a',
        archive: path.join(store, `${a.id}.tar.gz`),
      });
      expect(await sources.take(a.id, a.token)).toBeUndefined();
      b.withdraw();
      expect(await sources.take(b.id, b.token)).toBeUndefined();
      const c = await sources.offer('app-a', src, 1000);
      now = 1001;
      expect(await sources.take(c.id, c.token)).toBeUndefined();
      expect(await sources.take('../../etc/passwd', c.token)).toBeUndefined();
    } finally {
      fs.rmSync(store, { recursive: true, force: true });
      fs.rmSync(src, { recursive: true, force: true });
    }
  });
});
