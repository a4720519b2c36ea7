import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BundleFile } from '../types';
import { hashPlanAssets } from './hash-plan-assets';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('hashPlanAssets with the checked asset lock', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hash-plan-'));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('takes the sha256 of a file shipped as it is from the lock (never reading it), and reads the rest', async () => {
    const clip = path.join(dir, 'gone.mp4'); // never written: reading it would fail
    const resized = path.join(dir, 'resized.mp4');
    await fs.writeFile(resized, 'new bytes');
    const files: BundleFile[] = [
      { path: 'assets/clip.mp4', source: { kind: 'file', abs: clip, size: 5 } },
      { path: 'assets/resized.mp4', source: { kind: 'file', abs: resized, size: 9 } },
      { path: 'assets/notes.txt', source: { kind: 'bytes', data: Buffer.from('hi') } },
      { path: 'docs/README.md', source: { kind: 'bytes', data: Buffer.from('not an asset') } },
    ];
    const known = new Map([
      [clip, { size: 5, sha256: 'a'.repeat(64) }],
      [resized, { size: 4, sha256: 'b'.repeat(64) }], // another size: the lock is not about these bytes
    ]);
    expect(await hashPlanAssets(files, known)).toEqual({
      'assets/clip.mp4': 'a'.repeat(64),
      'assets/resized.mp4': sha('new bytes'),
      'assets/notes.txt': sha('hi'),
    });
    await expect(hashPlanAssets(files)).rejects.toThrow(/ENOENT/);
  });
});
