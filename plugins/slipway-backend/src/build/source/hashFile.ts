import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';

/**
 * The SHA-256 of a file, read as a stream (memory stays bounded whatever its size); a link at
 * `file` is not followed.
 */
export async function hashFile(
  file: string,
  encoding: 'hex' | 'base64url' = 'hex',
): Promise<{ digest: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const handle = await fs.promises.open(
    file,
    fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW,
  );
  await pipeline(handle.createReadStream(), async source => {
    for await (const chunk of source) {
      bytes += chunk.length;
      hash.update(chunk);
    }
  });
  return { digest: hash.digest(encoding), bytes };
}
