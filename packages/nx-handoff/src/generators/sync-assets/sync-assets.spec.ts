import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { ASSET_LOCK_FILE } from '@nx-handoff/core/config';
import { BLOCK_BEGIN, BLOCK_END } from '../../utils/media-ignore';
import { syncAssetsGenerator } from './sync-assets';

/** Media live on disk (a temp folder); the handoff.json files and locks in a devkit Tree. */
describe('sync-assets generator', () => {
  let disk: string;
  let tree: Tree;
  const media = (rel: string, data: string, mtime = new Date('2026-01-01T00:00:00Z')) => {
    const abs = path.join(disk, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
    utimesSync(abs, mtime, mtime);
  };
  const lockOf = (dir: string) => JSON.parse(tree.read(`${dir}/${ASSET_LOCK_FILE}`, 'utf8')!);

  beforeEach(() => {
    disk = mkdtempSync(path.join(tmpdir(), 'sync-assets-'));
    execFileSync('git', ['init', '-q'], { cwd: disk });
    tree = createTreeWithEmptyWorkspace();
    tree.write('clients/acme/handoff.json', '{}');
    tree.write('work/globex/handoff.json', '{}');
    tree.write('apps/site/package.json', '{}');
    tree.write('.nxignore', 'tmp/\n');
    media('clients/acme/deliverables/a/hero.png', 'png');
    media('work/globex/campaigns/x/clip.mov', 'mov');
    media('apps/site/logo.png', 'not a client');
  });
  afterEach(() => rmSync(disk, { recursive: true, force: true }));

  it('writes every client lock and the .nxignore block, then reports nothing to sync', async () => {
    const first = await syncAssetsGenerator(tree, {}, disk);
    expect(first?.outOfSyncMessage).toMatch(/2 client asset locks are out of date.*\.nxignore.*Run `nx sync`/);
    expect(first?.outOfSyncDetails).toEqual([
      '  .nxignore',
      `  clients/acme/${ASSET_LOCK_FILE}`,
      `  work/globex/${ASSET_LOCK_FILE}`,
    ]);
    expect(lockOf('clients/acme').files).toEqual([
      { path: 'deliverables/a/hero.png', size: 3, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(lockOf('work/globex').files.map((f: { path: string }) => f.path)).toEqual(['campaigns/x/clip.mov']);
    const ignore = tree.read('.nxignore', 'utf8')!;
    expect(ignore.startsWith('tmp/\n\n# nx-handoff:media begin')).toBe(true);
    expect(ignore).toContain('/clients/acme/**/*.[pP][nN][gG]\n');
    expect(ignore).toContain('/work/globex/**/*.[mM][oO][vV]\n');
    expect(ignore).not.toContain('apps/site');

    expect(await syncAssetsGenerator(tree, {}, disk)).toBeUndefined();
  });

  it('a changed media byte makes that client out of sync, and only that one', async () => {
    await syncAssetsGenerator(tree, {}, disk);
    const before = lockOf('clients/acme').files[0].sha256;
    media('clients/acme/deliverables/a/hero.png', 'pnG', new Date('2026-02-01T00:00:00Z'));
    const result = await syncAssetsGenerator(tree, {}, disk);
    expect(result?.outOfSyncMessage).toMatch(/^1 client asset lock is out of date/);
    expect(result?.outOfSyncDetails).toEqual([`  clients/acme/${ASSET_LOCK_FILE}`]);
    expect(lockOf('clients/acme').files[0].sha256).not.toBe(before);
  });

  it('a client removed leaves the block; the user lines stay', async () => {
    await syncAssetsGenerator(tree, {}, disk);
    tree.delete('work/globex/handoff.json');
    await syncAssetsGenerator(tree, {}, disk);
    const ignore = tree.read('.nxignore', 'utf8')!;
    expect(ignore).not.toContain('work/globex');
    tree.delete('clients/acme/handoff.json');
    await syncAssetsGenerator(tree, {}, disk);
    expect(tree.read('.nxignore', 'utf8')).toBe('tmp/\n');
    expect(ignore.match(new RegExp(BLOCK_BEGIN, 'g'))).toHaveLength(1);
    expect(ignore).toContain(BLOCK_END);
  });
});
