import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAtomicFile, renameIntoPlace } from './atomic';

describe('createAtomicFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-spec-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows nothing at the target until commit, then the whole new file in place of the old one', async () => {
    const target = path.join(dir, 'out', 'bundle.zip');
    await fs.mkdir(path.dirname(target));
    await fs.writeFile(target, 'old build');
    const file = await createAtomicFile(target);
    await file.handle.write(Buffer.from('new build, longer'));
    expect(await fs.readFile(target, 'utf8')).toBe('old build');
    await file.commit();
    expect(await fs.readFile(target, 'utf8')).toBe('new build, longer');
    expect(await fs.readdir(path.dirname(target))).toEqual(['bundle.zip']);
  });

  it('leaves the old file and no temp file on abort', async () => {
    const target = path.join(dir, 'bundle.zip');
    await fs.writeFile(target, 'old build');
    const file = await createAtomicFile(target);
    await file.handle.write(Buffer.from('half'));
    await file.abort();
    expect(await fs.readdir(dir)).toEqual(['bundle.zip']);
    expect(await fs.readFile(target, 'utf8')).toBe('old build');
  });
});

describe('renameIntoPlace', () => {
  it('moves a file onto a missing or an existing target, and puts the old one back when the move fails', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-spec-'));
    try {
      const target = path.join(dir, 'a.zip');
      await fs.writeFile(path.join(dir, 'one'), '1');
      await renameIntoPlace(path.join(dir, 'one'), target);
      await fs.writeFile(path.join(dir, 'two'), '2');
      await renameIntoPlace(path.join(dir, 'two'), target);
      expect(await fs.readdir(dir)).toEqual(['a.zip']);
      expect(await fs.readFile(target, 'utf8')).toBe('2');
      // A failed move leaves the file that was there, under its name, and nothing else.
      await expect(renameIntoPlace(path.join(dir, 'missing'), target)).rejects.toThrow(/ENOENT/);
      expect(await fs.readdir(dir)).toEqual(['a.zip']);
      expect(await fs.readFile(target, 'utf8')).toBe('2');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
