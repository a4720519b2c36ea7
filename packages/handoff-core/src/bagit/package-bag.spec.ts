import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { HandoffError } from '../errors';
import { packageBundle } from '../package/package-bundle';
import type { BundleFile, BundlePlan, Logger } from '../types';
import { makeTempDir, removeTempDirs } from '../verify/fixtures/sample-bundle';
import { BAG_TOP, buildSampleBag, sampleBagPlan, sha256Hex, unzipBag } from './fixtures/bag-fixtures';

afterAll(removeTempDirs);

function entryNames(
  zip: string,
): Promise<Array<{ name: string; method: number; mode: number; date: number; time: number }>> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (err, z) => {
      if (err) return reject(err);
      const out: Array<{ name: string; method: number; mode: number; date: number; time: number }> = [];
      z.on('entry', (e: yauzl.Entry) => {
        out.push({
          name: e.fileName,
          method: e.compressionMethod,
          mode: e.externalFileAttributes >>> 16,
          date: e.lastModFileDate,
          time: e.lastModFileTime,
        });
        z.readEntry();
      });
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}

const read = (root: string, rel: string): Promise<string> => fs.readFile(path.join(root, ...rel.split('/')), 'utf8');

describe('packageBundle, bagit format', () => {
  it('writes bagit.txt first, the payload under data/ with README.md also at the root, then the tag files', async () => {
    const dir = await makeTempDir();
    const result = await buildSampleBag(dir);
    expect(path.basename(result.zipPath)).toBe('acme-handoff-v1-2025-03-04.zip');
    const entries = await entryNames(result.zipPath);
    expect(entries.map((e) => e.name.slice(BAG_TOP.length + 1))).toEqual([
      'bagit.txt',
      'README.md',
      'data/README.md',
      'data/assets/hero/a.png',
      'data/assets/hero/b.png',
      'data/docs/brand-system.json',
      'data/docs/brand.md',
      'data/docs/handoff-manifest.json',
      'data/docs/model-pins.json',
      'data/prompts/prompt-library.json',
      'bag-info.txt',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
    ]);
    expect(result.fileCount).toBe(13);
    for (const e of entries) {
      expect(e.name.startsWith(`${BAG_TOP}/`)).toBe(true);
      expect([e.mode, e.date, e.time]).toEqual([0o100644, ((2025 - 1980) << 9) | (3 << 5) | 4, 0]);
    }
    expect(entries.find((e) => e.name.endsWith('a.png'))?.method).toBe(0);
    expect(entries.find((e) => e.name.endsWith('manifest-sha256.txt'))?.method).toBe(8);
  });

  it('writes the RFC 8493 tag files byte for byte', async () => {
    const dir = await makeTempDir();
    const plan = await sampleBagPlan(dir);
    const result = await packageBundle(plan, path.join(dir, 'out'));
    const root = unzipBag(result.zipPath, dir);
    expect(await read(root, 'bagit.txt')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    let bytes = 0;
    for (const f of plan.files)
      bytes += f.source.kind === 'file' ? f.source.size : f.source.kind === 'bytes' ? f.source.data.length : 0;
    expect(await read(root, 'bag-info.txt')).toBe(
      'Source-Organization: Acme Fintech Ltd\nBagging-Date: 2025-03-04\nExternal-Identifier: acme-handoff-v1\n' +
        `Payload-Oxum: ${bytes}.${plan.files.length}\nBag-Software-Agent: nx-handoff\n`,
    );
    const manifest = (await read(root, 'manifest-sha256.txt')).split('\n');
    expect(manifest.pop()).toBe('');
    expect(manifest).toHaveLength(plan.files.length);
    const paths = manifest.map((line) => line.slice(66));
    expect(paths).toEqual(plan.files.map((f) => `data/${f.path}`).sort());
    for (const line of manifest) expect(line).toMatch(/^[0-9a-f]{64} {2}data\/\S+$/);
    const tags = await read(root, 'tagmanifest-sha256.txt');
    const hashOf = async (rel: string): Promise<string> => sha256Hex(await fs.readFile(path.join(root, rel)));
    expect(tags.trimEnd().split('\n')).toEqual(
      await Promise.all(
        ['README.md', 'bag-info.txt', 'bagit.txt', 'manifest-sha256.txt'].map(async (f) => `${await hashOf(f)}  ${f}`),
      ),
    );
    expect(await read(root, 'README.md')).toBe(await read(root, 'data/README.md'));
    await expect(fs.stat(path.join(root, 'checksums.sha256'))).rejects.toThrow(/ENOENT/);
  });

  it('passes sha256sum -c --strict on both manifests at the bag root', async () => {
    const dir = await makeTempDir();
    const root = unzipBag((await buildSampleBag(dir)).zipPath, dir);
    const payload = execFileSync('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(payload).toContain('data/assets/hero/a.png: OK');
    expect(payload.trim().split('\n')).toHaveLength(8);
    const tags = execFileSync('sha256sum', ['-c', '--strict', 'tagmanifest-sha256.txt'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(tags.trim().split('\n')).toEqual([
      'README.md: OK',
      'bag-info.txt: OK',
      'bagit.txt: OK',
      'manifest-sha256.txt: OK',
    ]);
  });

  it('keys PackageResult.checksums by plan path, the same as the zip format', async () => {
    const dir = await makeTempDir();
    const plan = await sampleBagPlan(dir);
    const bag = await packageBundle(plan, path.join(dir, 'bag'));
    const zip = await packageBundle({ ...plan, format: 'zip' }, path.join(dir, 'zip'));
    expect(bag.checksums).toEqual(zip.checksums);
    expect(Object.keys(bag.checksums).sort()).toEqual(plan.files.map((f) => f.path).sort());
    expect(bag.sha256).not.toBe(zip.sha256);
  });

  it('is byte-identical whatever the file order and mtimes; Source-Organization falls back to the slug', async () => {
    const dir = await makeTempDir();
    const plan = await sampleBagPlan(dir, {});
    const asset = plan.files.find((f) => f.source.kind === 'file');
    if (asset?.source.kind !== 'file') throw new Error('fixture');
    const a = await packageBundle(plan, path.join(dir, 'a'));
    await fs.utimes(asset.source.abs, new Date('2001-01-01T00:00:00Z'), new Date('2001-01-01T00:00:00Z'));
    await fs.chmod(asset.source.abs, 0o600);
    const b = await packageBundle({ ...plan, files: [...plan.files].reverse() }, path.join(dir, 'b'));
    expect((await fs.readFile(a.zipPath)).equals(await fs.readFile(b.zipPath))).toBe(true);
    const anonymous = await packageBundle({ ...plan, organization: '  ' }, path.join(dir, 'c'));
    expect(await read(unzipBag(anonymous.zipPath, dir), 'bag-info.txt')).toMatch(/^Source-Organization: acme\n/);
  });

  it('folds a long Source-Organization in bag-info.txt', async () => {
    const dir = await makeTempDir();
    const organization = 'The Very Long Name of a Client Holding Company, its Subsidiaries and Affiliates Worldwide';
    const result = await packageBundle({ ...(await sampleBagPlan(dir)), organization }, path.join(dir, 'out'));
    const info = await read(unzipBag(result.zipPath, dir), 'bag-info.txt');
    const lines = info.split('\n');
    expect(lines[0]).toBe('Source-Organization: The Very Long Name of a Client Holding Company, its');
    expect(lines[1]).toBe('  Subsidiaries and Affiliates Worldwide');
    expect(lines[2]).toBe('Bagging-Date: 2025-03-04');
  });

  it('percent-encodes % in manifest names and warns that bagit-python and sha256sum will not decode it', async () => {
    const dir = await makeTempDir();
    const extra: BundleFile = { path: 'docs/100% cotton.md', source: { kind: 'bytes', data: Buffer.from('# 100%\n') } };
    const warnings: string[] = [];
    const logger: Logger = { info: () => undefined, warn: (m) => warnings.push(m) };
    const result = await buildSampleBag(dir, { files: [extra] }, logger);
    const root = unzipBag(result.zipPath, dir);
    expect(await read(root, 'manifest-sha256.txt')).toContain(`${sha256Hex('# 100%\n')}  data/docs/100%25 cotton.md\n`);
    expect(await read(root, 'data/docs/100% cotton.md')).toBe('# 100%\n');
    expect(result.checksums['docs/100% cotton.md']).toBe(sha256Hex('# 100%\n'));
    expect(warnings).toEqual([
      expect.stringMatching(/^docs\/100% cotton\.md: "%" is written as %25 in manifest-sha256\.txt/),
    ]);
  });

  it('refuses an unsafe plan path before writing anything, as the zip format does', async () => {
    const dir = await makeTempDir();
    const plan: BundlePlan = await sampleBagPlan(dir, {
      files: [{ path: '../escape.md', source: { kind: 'bytes', data: Buffer.from('x') } }],
    });
    const out = path.join(dir, 'out');
    const err = await packageBundle(plan, out).catch((e: unknown) => e);
    expect((err as HandoffError).code).toBe('PATH_ESCAPE');
    await expect(fs.readdir(out)).rejects.toThrow(/ENOENT/);
  });
});
