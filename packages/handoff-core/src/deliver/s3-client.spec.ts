import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../testing/fixture-tree';
import { expectedS3Checksums } from './s3-client';

const sha = (b: Buffer) => createHash('sha256').update(b).digest();

describe('expectedS3Checksums', () => {
  it('gives the full-object SHA-256 and the composite over parts (S3: sha256 of the part digests, then -<parts>)', async () => {
    const dir = await makeTempDir();
    const partSize = 5 * 1024 * 1024;
    const data = randomBytes(2 * partSize + 12345); // parts straddle the 1 MiB read chunks
    const file = path.join(dir, 'bundle.zip');
    await fs.writeFile(file, data);
    const parts = [data.subarray(0, partSize), data.subarray(partSize, 2 * partSize), data.subarray(2 * partSize)];
    expect(await expectedS3Checksums(file, partSize)).toEqual([
      sha(data).toString('base64'),
      `${sha(Buffer.concat(parts.map(sha))).toString('base64')}-3`,
    ]);
  });

  it('counts one part for a small file', async () => {
    const file = path.join(await makeTempDir(), 'small.zip');
    await fs.writeFile(file, 'tiny');
    const [, composite] = await expectedS3Checksums(file, 5 * 1024 * 1024);
    expect(composite).toBe(`${sha(sha(Buffer.from('tiny'))).toString('base64')}-1`);
  });
});
