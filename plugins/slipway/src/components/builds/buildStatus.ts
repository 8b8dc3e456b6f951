import type { Build } from '@slipway/plugin-slipway-common';

/** Whether a build is still running (the API's `pending`: its log grows). */
export function isBuilding(build: Build): boolean {
  return build.status === 'pending';
}

/** The status a user reads: a build the API calls `pending` is running, so it says "building". */
export function buildStatusLabel(build: Build): string {
  return isBuilding(build) ? 'building' : build.status;
}

/**
 * An image as the Builds table shows it: a local slug by its first 12 characters (as releases
 * show it; the whole hash made the table wider than a 1024 px screen), any other image whole.
 */
export function shortImage(image: string): string {
  const slug = /^slug:([0-9a-f]{12})[0-9a-f]+$/.exec(image);
  return slug ? `slug:${slug[1]}` : image;
}
