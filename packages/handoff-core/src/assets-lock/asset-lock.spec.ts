import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isHandoffError } from '../errors';
import {
  ASSET_LOCK_FILE,
  checkAssetLock,
  lockedFileHashes,
  computeAssetLock,
  mediaIgnorePatterns,
  openHashCache,
  renderAssetLock,
  syncAssetLock,
  writeAssetLock,
} from '.';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const OLD = new Date('2026-01-01T00:00:00Z'); // older than the racy window: the cache keeps it

describe('asset lock', () => {
  let ws: string;
  let client: string;
  const put = (rel: string, data: Buffer | string) => {
    const abs = path.join(client, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
    utimesSync(abs, OLD, OLD);
  };

  beforeEach(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'asset-lock-'));
    client = path.join(ws, 'clients', 'acme');
    put('handoff.json', '{}');
    put('deliverables/spring/results.json', '{"jobs":[]}');
    put('deliverables/spring/hero.png', 'png bytes');
    put('deliverables/spring/CLIP.MP4', 'video bytes');
    put('brand/brand.md', '# brand');
    put('node_modules/x/logo.png', 'not client content');
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('lists exactly the media files, sorted, with size and sha256 and no mtimes', async () => {
    const lock = await computeAssetLock(client, { workspaceRoot: ws });
    expect(lock.files).toEqual([
      { path: 'deliverables/spring/CLIP.MP4', size: 11, sha256: sha('video bytes') },
      { path: 'deliverables/spring/hero.png', size: 9, sha256: sha('png bytes') },
    ]);
    expect(renderAssetLock(lock)).not.toMatch(/mtime|ino/);
  });

  it('is deterministic: the same media give the same bytes, whatever the order found', async () => {
    const a = renderAssetLock(await computeAssetLock(client, { workspaceRoot: ws }));
    const b = renderAssetLock({ version: 1, files: [...JSON.parse(a).files].reverse() });
    expect(b).toBe(a);
    rmSync(path.join(ws, 'node_modules'), { recursive: true, force: true }); // a cold cache
    expect(renderAssetLock(await computeAssetLock(client, { workspaceRoot: ws }))).toBe(a);
  });

  it('leaves git-ignored media out (a fresh clone does not have them)', async () => {
    execFileSync('git', ['init', '-q'], { cwd: ws });
    writeFileSync(path.join(ws, '.gitignore'), '*.MP4\n');
    const lock = await computeAssetLock(client, { workspaceRoot: ws });
    expect(lock.files.map((f) => f.path)).toEqual(['deliverables/spring/hero.png']);
  });

  it('streams a file larger than the read chunk and gets its sha256', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 7, 7);
    put('deliverables/spring/big.mov', big);
    const lock = await computeAssetLock(client, { workspaceRoot: ws });
    expect(lock.files.find((f) => f.path.endsWith('big.mov'))).toEqual({
      path: 'deliverables/spring/big.mov',
      size: big.length,
      sha256: sha(big),
    });
  });

  it('hashes an unchanged file once: the stat cache answers the second run, a change misses it', async () => {
    const cold = await openHashCache(ws);
    await computeAssetLock(client, { workspaceRoot: ws, cache: cold });
    expect([cold.hits, cold.misses]).toEqual([0, 2]);
    await cold.save();
    expect(readdirSync(path.join(ws, 'node_modules', '.cache', 'nx-handoff'))).toEqual(['asset-hashes.json']);

    const warm = await openHashCache(ws);
    await computeAssetLock(client, { workspaceRoot: ws, cache: warm });
    expect([warm.hits, warm.misses]).toEqual([2, 0]);

    put('deliverables/spring/hero.png', 'png bytez'); // same size, same inode, new mtime
    const later = new Date(OLD.getTime() + 60_000);
    utimesSync(path.join(client, 'deliverables/spring/hero.png'), later, later);
    const after = await openHashCache(ws);
    const lock = await computeAssetLock(client, { workspaceRoot: ws, cache: after });
    expect([after.hits, after.misses]).toEqual([1, 1]);
    expect(lock.files[1].sha256).toBe(sha('png bytez'));
  });

  it('does not cache a file written just now (same mtime after a second write)', async () => {
    const cache = await openHashCache(ws);
    const abs = path.join(client, 'deliverables/spring/hero.png');
    cache.remember(abs, statSync(abs), 'x', statSync(abs).mtimeMs + 500);
    expect(cache.lookup(abs, statSync(abs))).toBeUndefined();
  });

  it('writes atomically and only when the content changes', async () => {
    const { written } = await syncAssetLock(client, { workspaceRoot: ws });
    expect(written).toBe(true);
    const file = path.join(client, ASSET_LOCK_FILE);
    const before = statSync(file);
    expect((await syncAssetLock(client, { workspaceRoot: ws })).written).toBe(false);
    expect(statSync(file).ino).toBe(before.ino);
    put('deliverables/spring/new.wav', 'audio');
    expect(await writeAssetLock(client, await computeAssetLock(client, { workspaceRoot: ws }))).toBe(true);
    expect(statSync(file).ino).not.toBe(before.ino); // a rename, not an overwrite in place
    expect(readdirSync(client).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(JSON.parse(readFileSync(file, 'utf8')).files).toHaveLength(3);
  });

  it('check: passes on a current lock (giving it back), names each changed, new and missing file with the fix', async () => {
    await syncAssetLock(client, { workspaceRoot: ws });
    const checked = await checkAssetLock(client, { workspaceRoot: ws });
    expect(checked?.files.map((f) => f.path)).toEqual(
      JSON.parse(readFileSync(path.join(client, ASSET_LOCK_FILE), 'utf8')).files.map((f: { path: string }) => f.path),
    );
    const byAbs = lockedFileHashes(client, checked!);
    expect(byAbs.get(path.join(client, 'deliverables', 'spring', 'hero.png'))?.sha256).toMatch(/^[0-9a-f]{64}$/);
    put('deliverables/spring/hero.png', 'changed png');
    put('deliverables/spring/extra.jpg', 'jpg');
    rmSync(path.join(client, 'deliverables/spring/CLIP.MP4'));
    const err = await checkAssetLock(client, { workspaceRoot: ws }).catch((e: unknown) => e);
    expect(isHandoffError(err)).toBe(true);
    const text = String((err as Error).message);
    expect(text).toContain(`clients/acme/${ASSET_LOCK_FILE}: deliverables/spring/hero.png changed since`);
    expect(text).toContain('deliverables/spring/extra.jpg (3 bytes) is not in the asset lock');
    expect(text).toContain('deliverables/spring/CLIP.MP4 is in the asset lock but no longer');
    expect(text).toContain('fix: run `nx sync`');
  });

  it('check: a client without a lock is not checked', async () => {
    await expect(checkAssetLock(client, { workspaceRoot: ws })).resolves.toBeUndefined();
  });

  it('ignore patterns: one line per extension, case-insensitive by character classes, folder escaped', () => {
    const lines = mediaIgnorePatterns('clients/acme');
    expect(lines).toContain('/clients/acme/**/*.[mM][pP]4');
    expect(lines.every((l) => !l.includes('{'))).toBe(true);
    expect(mediaIgnorePatterns('work/[old] #1')[0]).toBe('/work/\\[old\\] \\#1/**/*.[pP][nN][gG]');
  });
});
