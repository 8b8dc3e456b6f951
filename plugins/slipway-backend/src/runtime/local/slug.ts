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
      problem: `The local runtime runs only slugs that Slipway built from a git push (images named "slug:" and a sha256 hash), not the image "${image.slice(
        0,
        200,
      )}"; use a Kubernetes cluster for images`,
    };
  }
  const dir = path.join(slugsDirectory(dataDir), match[1]);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) {
    return {
      // Shown to the app's readers: no host path.
      problem: `Slug ${match[1].slice(
        0,
        12,
      )} is missing on this machine (removed with an app that built it?): push again to rebuild it`,
    };
  }
  return { dir };
}

/**
 * The arguments of `/bin/sh` that run `command` in a slug as Heroku does: the slug's
 * `.profile.d/*.sh` scripts are sourced first (e.g. a Python build puts its virtualenv on PATH).
 * The command is a positional parameter, so nothing of it is spliced into the script, and it
 * runs in a fresh shell that sees what the scripts exported.
 */
export function slugShellArgs(command: string): string[] {
  return [
    '-c',
    'for f in .profile.d/*.sh; do [ -f "$f" ] && . "./$f"; done; exec /bin/sh -c "$1"',
    'slipway',
    command,
  ];
}
