import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sha256FollowingWrites } from './sha256-file';

describe('sha256FollowingWrites', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sha256-tail-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('hashes a file while it is written, the same digest as the finished file', async () => {
    const file = path.join(dir, 'growing.bin');
    const handle = await fs.open(file, 'wx');
    const tail = sha256FollowingWrites(file);
    const whole = createHash('sha256');
    let size = 0;
    for (let i = 0; i < 20; i++) {
      const part = randomBytes(100_000 + i * 1000);
      await handle.write(part);
      whole.update(part);
      size += part.length;
      if (i % 5 === 0) await new Promise((r) => setTimeout(r, 10)); // the worker catches up and waits
    }
    await handle.close();
    expect(await tail.finish(size)).toBe(whole.digest('hex'));
  });

  it('falls back to hashing the finished file when the writer announces a size the file does not have', async () => {
    const file = path.join(dir, 'short.bin');
    await fs.writeFile(file, 'abc');
    const tail = sha256FollowingWrites(file);
    // The worker fails (3 bytes, not 5) and finish() hashes what is on disk.
    expect(await tail.finish(5)).toBe(createHash('sha256').update('abc').digest('hex'));
  });

  it('stops on abort', async () => {
    const file = path.join(dir, 'aborted.bin');
    await fs.writeFile(file, 'partial');
    const tail = sha256FollowingWrites(file);
    tail.abort();
    await new Promise((r) => setTimeout(r, 50));
  });
});
