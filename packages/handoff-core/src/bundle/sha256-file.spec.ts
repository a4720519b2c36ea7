import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HASH_READ_CHUNK, sha256File, sha256FileAside, sha256FileInWorker } from './sha256-file';
import { makeTempDir, removeTempDirs } from '../verify/fixtures/sample-bundle';

afterAll(removeTempDirs);

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('sha256 of a file', () => {
  it.each([
    ['empty', 0],
    ['one byte', 1],
    ['exactly one read', HASH_READ_CHUNK],
    ['several reads and a partial one', 3 * HASH_READ_CHUNK + 777],
  ])('is the same on a worker thread and on this one (%s)', async (_what, size) => {
    const dir = await makeTempDir('handoff-sha-');
    const file = path.join(dir, 'f.bin');
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >> 9)) & 255;
    await fs.writeFile(file, data);
    expect(await sha256FileInWorker(file)).toBe(sha(data));
    expect(await sha256File(file)).toBe(sha(data));
    expect(await sha256FileAside(file)).toBe(sha(data));
  });

  it('fails for a file that cannot be read, on the worker and with the fallback', async () => {
    const missing = path.join(await makeTempDir('handoff-sha-'), 'nope.zip');
    await expect(sha256FileInWorker(missing)).rejects.toThrow(/ENOENT/);
    await expect(sha256FileAside(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
