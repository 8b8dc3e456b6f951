/**
 * Replaces the host's directories in an error's message (e.g. an ENAMETOOLONG naming a file in
 * the build tree) with what the tenant saw in the sandbox, so that build errors, which every
 * reader of the build log sees, do not disclose the host's layout.
 */
export function hideHostPaths(
  error: unknown,
  paths: Array<{ host: string; shown: string }>,
): unknown {
  // Not `instanceof Error`: errors from Node's own modules come from another realm under jest.
  const message0 = (error as Error | undefined)?.message;
  if (typeof message0 !== 'string') return error;
  let message = message0;
  // Longest first, so a directory inside another is replaced as a whole.
  for (const { host, shown } of [...paths].sort(
    (a, b) => b.host.length - a.host.length,
  )) {
    message = message.split(host).join(shown);
  }
  (error as Error).message = message;
  return error;
}
