import fs from 'node:fs/promises';
import path from 'node:path';
import { slugsDirectory } from '../../build/local/slug';

const SLUG_IMAGE = /^slug:([0-9a-f]{64})$/;

/**
 * The directory of a `slug:<sha256>` build, or a reason why the build cannot run
 * on the local runtime (a container image, a slug that is not there).
 */
export async function slugDirectory(
  dataDir: string,
  image: string,
): Promise<{ dir: string } | { problem: string }> {
  const match = SLUG_IMAGE.exec(image);
  if (!match) {
    return {
      problem: `The local runtime runs slugs built by Slipway (slug:<sha256>), not the image "${image.slice(
        0,
        200,
      )}"; use a Kubernetes cluster for images`,
    };
  }
  const dir = path.join(slugsDirectory(dataDir), match[1]);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    return {
      problem: `Slug ${match[1].slice(0, 12)} is missing from ${slugsDirectory(
        dataDir,
      )}`,
    };
  }
  return { dir };
}
