import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { HandoffError } from '../errors';
import type { BundleFile, BundlePlan } from '../types';
import { packageInChild } from './fixtures/package-in-child';
import { packageBundle } from './package-bundle';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'handoff-package-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(tempDirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

const PNG = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(4096, 7)]);
const JSON_TEXT = Buffer.from(
  `${JSON.stringify({ jobs: Array.from({ length: 50 }, (_, i) => ({ id: `job-${i}`, prompt: 'a teal wave' })) })}\n`,
);
const SOURCES: Record<string, Buffer> = {
  'assets/hero.png': PNG,
  'assets/zeta/last.png': PNG.subarray(0, 100),
  'source/results.json': JSON_TEXT,
  'README.md': Buffer.from('# Handoff\n'),
};

/** Write the sources in `order` with the given mtime and mode, and plan them (plus one bytes file). */
async function writeSources(dir: string, order: string[], mtime: Date, mode: number): Promise<BundlePlan> {
  const files: BundleFile[] = [];
  for (const rel of order) {
    const abs = path.join(dir, ...rel.split('/'));
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, SOURCES[rel]);
    await fs.chmod(abs, mode);
    await fs.utimes(abs, mtime, mtime);
    files.push({ path: rel, source: { kind: 'file', abs, size: SOURCES[rel].length } });
  }
  files.push({ path: 'docs/handoff-manifest.json', source: { kind: 'bytes', data: Buffer.from('{"version":1}\n') } });
  return {
    slug: 'acme',
    version: 1,
    date: '2025-03-04',
    format: 'zip',
    topFolder: 'acme-handoff-v1',
    zipName: 'acme-handoff-v1-2025-03-04.zip',
    files,
  };
}

interface CentralEntry {
  name: string;
  method: number;
  mode: number;
  madeBy: number;
  date: number;
  time: number;
  extraLength: number;
}

function readCentralDirectory(zip: string): Promise<CentralEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zip, { lazyEntries: true }, (err, z) => {
      if (err) return reject(err);
      const out: CentralEntry[] = [];
      z.on('entry', (e: yauzl.Entry) => {
        out.push({
          name: e.fileName,
          method: e.compressionMethod,
          mode: e.externalFileAttributes >>> 16,
          madeBy: e.versionMadeBy,
          date: e.lastModFileDate,
          time: e.lastModFileTime,
          extraLength: e.extraFieldLength,
        });
        z.readEntry();
      });
      z.on('end', () => resolve(out));
      z.on('error', reject);
      z.readEntry();
    });
  });
}

describe('packageBundle', () => {
  it('writes byte-identical zips whatever the mtimes, file order, modes and timezone', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const planA = await writeSources(a, Object.keys(SOURCES), new Date('2001-02-03T04:05:06Z'), 0o600);
    const planB = await writeSources(b, Object.keys(SOURCES).reverse(), new Date('2024-12-31T23:59:59Z'), 0o755);
    planB.files.reverse();
    // Jest sandboxes process.env, so TZ is varied in child processes: UTC+14 (already the next
    // day at 00:00 UTC) and UTC-10 (still the day before).
    const east = packageInChild(planA, path.join(a, 'out'), { TZ: 'Pacific/Kiritimati' });
    const west = packageInChild(planB, path.join(b, 'out'), { TZ: 'America/Adak' });
    expect([east.localDay, west.localDay]).toEqual([4, 3]); // the TZ really applied
    const here = await packageBundle(planA, path.join(a, 'out-here'));

    const bytesA = await fs.readFile(east.result.zipPath);
    const bytesB = await fs.readFile(west.result.zipPath);
    expect(bytesA.equals(bytesB)).toBe(true);
    expect(east.result.sha256).toBe(west.result.sha256);
    expect(here.sha256).toBe(east.result.sha256);
    expect(createHash('sha256').update(bytesA).digest('hex')).toBe(east.result.sha256);
    expect(east.result.size).toBe(bytesA.length);
    expect(await fs.readFile(`${east.result.zipPath}.sha256`, 'utf8')).toBe(
      `${east.result.sha256}  acme-handoff-v1-2025-03-04.zip\n`,
    );
  }, 30_000); // two child Node processes: slow on a loaded machine

  it('writes sorted file entries with fixed date, mode and no extra fields, checksums.sha256 last', async () => {
    const dir = await tempDir();
    const result = await packageBundle(
      await writeSources(dir, Object.keys(SOURCES), new Date(), 0o700),
      path.join(dir, 'out'),
    );
    const entries = await readCentralDirectory(result.zipPath);
    expect(entries.map((e) => e.name)).toEqual([
      'acme-handoff-v1/README.md',
      'acme-handoff-v1/assets/hero.png',
      'acme-handoff-v1/assets/zeta/last.png',
      'acme-handoff-v1/docs/handoff-manifest.json',
      'acme-handoff-v1/source/results.json',
      'acme-handoff-v1/checksums.sha256',
    ]);
    expect(result.fileCount).toBe(6);
    for (const e of entries) {
      expect(e.mode).toBe(0o100644);
      expect(e.madeBy >> 8).toBe(3); // unix, on every OS
      expect(e.date).toBe(((2025 - 1980) << 9) | (3 << 5) | 4);
      expect(e.time).toBe(0);
      expect(e.extraLength).toBe(0);
    }
  });

  it('stores PNG and deflates JSON', async () => {
    const dir = await tempDir();
    const result = await packageBundle(
      await writeSources(dir, Object.keys(SOURCES), new Date(), 0o644),
      path.join(dir, 'out'),
    );
    const byName = new Map(
      (await readCentralDirectory(result.zipPath)).map((e) => [e.name.split('/').slice(1).join('/'), e.method]),
    );
    expect(byName.get('assets/hero.png')).toBe(0);
    expect(byName.get('source/results.json')).toBe(8);
    expect(byName.get('docs/handoff-manifest.json')).toBe(8);
    expect(byName.get('checksums.sha256')).toBe(8);
  });

  it('writes a checksums.sha256 that sha256sum -c accepts inside the extracted top folder', async () => {
    const dir = await tempDir();
    const result = await packageBundle(
      await writeSources(dir, Object.keys(SOURCES), new Date(), 0o644),
      path.join(dir, 'out'),
    );
    const x = path.join(dir, 'x');
    execFileSync('unzip', ['-q', result.zipPath, '-d', x]);
    const top = path.join(x, 'acme-handoff-v1');
    const out = execFileSync('sha256sum', ['-c', '--strict', 'checksums.sha256'], { cwd: top, encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual([
      'README.md: OK',
      'assets/hero.png: OK',
      'assets/zeta/last.png: OK',
      'docs/handoff-manifest.json: OK',
      'source/results.json: OK',
    ]);
    expect(result.checksums['assets/hero.png']).toBe(createHash('sha256').update(PNG).digest('hex'));
    expect(Object.keys(result.checksums)).not.toContain('checksums.sha256');
    expect(
      execFileSync('sha256sum', ['-c', `${path.basename(result.zipPath)}.sha256`], {
        cwd: path.dirname(result.zipPath),
        encoding: 'utf8',
      }),
    ).toContain(': OK');
  });

  it('leaves no zip and no temp file when a source file is missing', async () => {
    const dir = await tempDir();
    const plan = await writeSources(dir, Object.keys(SOURCES), new Date(), 0o644);
    const gone = plan.files.find((f) => f.path === 'source/results.json');
    if (gone?.source.kind !== 'file') throw new Error('fixture');
    await fs.rm(gone.source.abs);
    const out = path.join(dir, 'out');
    const err = await packageBundle(plan, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect((err as HandoffError).code).toBe('ASSET_MISSING');
    expect((err as HandoffError).problems[0].file).toBe(gone.source.abs);
    expect((err as HandoffError).message).toContain('source/results.json');
    expect(await fs.readdir(out)).toEqual([]);
  });

  it('fails with INTEGRITY and leaves nothing when a file size differs from the plan', async () => {
    const dir = await tempDir();
    const plan = await writeSources(dir, Object.keys(SOURCES), new Date(), 0o644);
    for (const size of [PNG.length - 1, PNG.length + 1]) {
      const files = plan.files.map((f) =>
        f.path === 'assets/hero.png' && f.source.kind === 'file' ? { ...f, source: { ...f.source, size } } : f,
      );
      const out = path.join(dir, `out-${size}`);
      const err = await packageBundle({ ...plan, files }, out).catch((e: unknown) => e);
      expect((err as HandoffError).code).toBe('INTEGRITY');
      expect((err as HandoffError).message).toContain('assets/hero.png changed while packaging');
      expect(await fs.readdir(out)).toEqual([]);
    }
  });

  it('reports the first failing entry, not a later file opened ahead of it, and closes what it opened ahead', async () => {
    const dir = await tempDir();
    const plan = await writeSources(dir, Object.keys(SOURCES), new Date(), 0o644);
    const big = path.join(dir, 'assets', 'big.png');
    await fs.writeFile(big, Buffer.alloc(3 * 1024 * 1024, 1)); // more than the first read of an opened-ahead file
    // Entry order: README.md, assets/big.png, assets/hero.png, assets/zeta/last.png, ...
    // README.md's planned size is wrong; big.png is opened (and read from) while it streams.
    const missing = plan.files.find((f) => f.path === 'assets/zeta/last.png');
    if (missing?.source.kind !== 'file') throw new Error('fixture');
    await fs.rm(missing.source.abs);
    const files: BundleFile[] = plan.files.map((f) =>
      f.path === 'README.md' && f.source.kind === 'file'
        ? { ...f, source: { ...f.source, size: f.source.size + 1 } }
        : f,
    );
    files.push({ path: 'assets/big.png', source: { kind: 'file', abs: big, size: 3 * 1024 * 1024 } });
    const out = path.join(dir, 'out');
    const err = await packageBundle({ ...plan, files }, out).catch((e: unknown) => e);
    expect((err as HandoffError).code).toBe('INTEGRITY');
    expect((err as HandoffError).message).toContain('README.md changed while packaging');
    expect(await fs.readdir(out)).toEqual([]);
    // No source file descriptor still held open (Linux: /proc/self/fd); closing is asynchronous.
    // (A handle merely dropped would also close, later, when collected: this catches one still referenced.)
    const openSources = async (): Promise<string[]> => {
      const fds = await fs.readdir('/proc/self/fd').catch(() => []);
      const targets = await Promise.all(fds.map((fd) => fs.readlink(`/proc/self/fd/${fd}`).catch(() => '')));
      return targets.filter((t) => t.startsWith(dir + path.sep));
    };
    for (let i = 0; i < 50 && (await openSources()).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await openSources()).toEqual([]);
  });

  it('refuses unsafe and colliding bundle paths before writing anything', async () => {
    const dir = await tempDir();
    const base = await writeSources(dir, ['README.md'], new Date(), 0o644);
    const bytes = (p: string): BundleFile => ({ path: p, source: { kind: 'bytes', data: Buffer.from('x') } });
    const cases: Array<[string[], string]> = [
      [['../evil.txt'], 'PATH_ESCAPE'],
      [['/etc/passwd'], 'PATH_ESCAPE'],
      [['docs\\a.md'], 'PATH_ESCAPE'],
      [['checksums.sha256'], 'PATH_ESCAPE'],
      [['docs/Brand.md', 'docs/brand.md'], 'ASSET_COLLISION'],
      [['docs/e\u0301.md', 'docs/\u00e9.md'], 'ASSET_COLLISION'],
      [['docs', 'docs/a.md'], 'ASSET_COLLISION'],
    ];
    for (const [paths, code] of cases) {
      const out = path.join(dir, 'out');
      const err = await packageBundle({ ...base, files: [...base.files, ...paths.map(bytes)] }, out).catch(
        (e: unknown) => e,
      );
      expect([paths, (err as HandoffError).code]).toEqual([paths, code]);
      await expect(fs.readdir(out)).rejects.toThrow(/ENOENT/);
    }
  });

  it('names entries in NFC', async () => {
    const dir = await tempDir();
    const base = await writeSources(dir, ['README.md'], new Date(), 0o644);
    const files = [
      ...base.files,
      { path: 'docs/cafe\u0301.md', source: { kind: 'bytes' as const, data: Buffer.from('x') } },
    ];
    const result = await packageBundle({ ...base, files }, path.join(dir, 'out'));
    const names = (await readCentralDirectory(result.zipPath)).map((e) => e.name);
    expect(names).toContain('acme-handoff-v1/docs/caf\u00e9.md');
    expect(Object.keys(result.checksums)).toContain('docs/caf\u00e9.md');
  });
});

// ~15 s: run with HANDOFF_SLOW_TESTS=1.
const slow = process.env.HANDOFF_SLOW_TESTS ? it : it.skip;
describe('packageBundle at the zip64 entry limit', () => {
  slow(
    'writes zip64 end records at 65,535 entries and the zip stays readable',
    async () => {
      const dir = await tempDir();
      const files: BundleFile[] = Array.from({ length: 65_534 }, (_, i) => ({
        path: `f/${i}.txt`,
        source: { kind: 'bytes', data: Buffer.from(String(i)) },
      }));
      const result = await packageBundle(
        {
          slug: 'many',
          version: 1,
          date: '2025-03-04',
          format: 'zip',
          topFolder: 'many-handoff-v1',
          zipName: 'many.zip',
          files,
        },
        dir,
      );
      const bytes = await fs.readFile(result.zipPath);
      expect(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]), bytes.length - 200)).toBe(true); // zip64 EOCD record
      expect((await readCentralDirectory(result.zipPath)).length).toBe(65_535);
      expect(execFileSync('unzip', ['-tq', result.zipPath], { encoding: 'utf8' })).toContain('No errors detected');
    },
    120_000,
  );
});
