import { promises as fs } from 'node:fs';
import { inspectBuiltZip, readBuildRecord } from './bundle/built-zip';
import { ensureBundle, ensureVerifiedBundle } from './ensure-bundle';
import { withVersionLock } from './fs/run-lock';
import { createGenAiClient } from './genai';
import { runColdTest, runPackage } from './pipeline';
import type { Logger } from './types';
import { makeClientFixture } from './testing/fixture-tree';

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => void lines.push(m), warn: (m) => void lines.push(`WARN ${m}`) };
}

/** A packaged and cold-tested fixture client, as after `nx run <client>:handoff`. */
async function built() {
  const { workspaceRoot, clientRoot } = await makeClientFixture();
  const { paths, result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
  await runColdTest({ zip: paths.zipFile, genAi: noCli, client: { workspaceRoot, clientRoot } });
  return { workspaceRoot, clientRoot, paths, result, opts: { workspaceRoot, clientRoot, genAi: noCli } };
}

describe('build record', () => {
  it('records the BuiltZip (sha256, size, format, file count, notes) and toolchain of the zip package wrote, and stamps the file', async () => {
    const { paths, result } = await built();
    const record = await readBuildRecord(paths.buildFile);
    expect(record).toEqual({
      zip: 'acme-handoff-v1-2026-04-22.zip',
      sha256: result.sha256,
      size: result.size,
      format: 'zip',
      node: process.versions.node,
      zlib: process.versions.zlib,
      fileCount: result.fileCount,
      notes: [],
    });
    const st = await fs.stat(paths.zipFile);
    expect(JSON.parse(await fs.readFile(paths.stampFile, 'utf8'))).toEqual({
      sha256: result.sha256,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ino: st.ino,
      dev: st.dev,
    });
    expect((await inspectBuiltZip(paths)).state).toBe('built');
  });

  it('a stamp for other bytes than the record (another branch restored) is not trusted', async () => {
    const { paths } = await built();
    const record = JSON.parse(await fs.readFile(paths.buildFile, 'utf8'));
    await fs.writeFile(paths.buildFile, JSON.stringify({ ...record, sha256: 'e'.repeat(64) }));
    expect((await inspectBuiltZip(paths)).state).toBe('different');
  });

  it('tells a copied zip with the same bytes from a different one, and a missing one', async () => {
    const { paths } = await built();
    const bytes = await fs.readFile(paths.zipFile);
    await fs.rm(paths.zipFile);
    expect((await inspectBuiltZip(paths)).state).toBe('missing');
    await fs.writeFile(paths.zipFile, bytes); // a new inode and mtime, the same bytes
    expect((await inspectBuiltZip(paths)).state).toBe('matches');
    bytes[bytes.length - 30] ^= 0xff; // same size, other bytes
    await fs.writeFile(paths.zipFile, bytes);
    expect((await inspectBuiltZip(paths)).state).toBe('different');
  });

  it('falls back to <zip>.sha256 without a record, and knows nothing without either', async () => {
    const { paths } = await built();
    await fs.rm(paths.buildFile);
    expect((await inspectBuiltZip(paths)).state).toBe('built'); // the stamp still vouches for it
    await fs.rm(paths.stampFile);
    expect((await inspectBuiltZip(paths)).state).toBe('matches');
    await fs.rm(paths.zipShaFile);
    expect((await inspectBuiltZip(paths)).state).toBe('unrecorded');
  });
});

describe('ensureBundle', () => {
  it('only looks when the zip is the one built', async () => {
    const { paths, opts, result } = await built();
    const ino = (await fs.stat(paths.zipFile)).ino;
    const log = recordingLogger();
    const ensured = await ensureBundle({ ...opts, logger: log });
    expect(ensured).toMatchObject({ found: 'built', rebuilt: false, changed: false, sha256: result.sha256 });
    expect((await fs.stat(paths.zipFile)).ino).toBe(ino);
    expect(log.lines).toEqual([]);
  });

  it('rebuilds a zip the cache did not restore, byte-identical to the record, and says why', async () => {
    const { paths, opts, result } = await built();
    await fs.rm(paths.zipFile);
    const log = recordingLogger();
    const ensured = await ensureBundle({ ...opts, logger: log });
    expect(ensured).toMatchObject({ found: 'missing', rebuilt: true, changed: false, sha256: result.sha256 });
    expect((await fs.stat(paths.zipFile)).size).toBe(result.size);
    expect(log.lines[0]).toMatch(
      /acme-handoff-v1-2026-04-22\.zip is missing \(Nx caches its build record, not the zip\): rebuilding it/,
    );
    expect((await inspectBuiltZip(paths)).state).toBe('built');
  });

  it('hashes a copied zip once, then knows it by its stamp', async () => {
    const { paths, opts, result } = await built();
    const bytes = await fs.readFile(paths.zipFile);
    await fs.rm(paths.zipFile);
    await fs.writeFile(paths.zipFile, bytes);
    expect(await ensureBundle(opts)).toMatchObject({ found: 'matches', rebuilt: false, sha256: result.sha256 });
    expect(await ensureBundle(opts)).toMatchObject({ found: 'built', rebuilt: false });
  });

  it('replaces a zip that is not the recorded one (another branch left it there)', async () => {
    const { paths, opts, result } = await built();
    await fs.writeFile(paths.zipFile, 'not this build');
    const ensured = await ensureBundle(opts);
    expect(ensured).toMatchObject({ found: 'different', rebuilt: true, changed: false, sha256: result.sha256 });
  });

  it('waits for a concurrent run building the same version and takes its zip', async () => {
    const { paths, opts, result } = await built();
    const bytes = await fs.readFile(paths.zipFile);
    await fs.rm(paths.zipFile);
    const log = recordingLogger();
    // The "other run": holds the version lock for a moment, then puts the zip in place.
    const other = withVersionLock(paths.versionDir, 'acme v1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await fs.writeFile(paths.zipFile, bytes);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ensured = await ensureBundle({ ...opts, logger: log });
    await other;
    expect(ensured).toMatchObject({ found: 'matches', rebuilt: false, sha256: result.sha256 });
    expect(log.lines.filter((l) => l.includes('waiting for it'))).toHaveLength(1);
  });

  it('rebuilds with the format the record names (a --format=bagit build stays a bag)', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const opts = { workspaceRoot, clientRoot, genAi: noCli };
    const { paths, result } = await runPackage({ ...opts, format: 'bagit' });
    expect((await readBuildRecord(paths.buildFile))?.format).toBe('bagit');
    await fs.rm(paths.zipFile);
    const ensured = await ensureBundle(opts);
    expect(ensured.sha256).toBe(result.sha256);
  });
});

describe('ensureVerifiedBundle', () => {
  it('trusts a passing report for the same bytes, after a rebuild too', async () => {
    const { paths, opts, result } = await built();
    const report = await fs.readFile(paths.reportFile, 'utf8');
    await fs.rm(paths.zipFile);
    const verified = await ensureVerifiedBundle(opts);
    expect(verified).toMatchObject({ ok: true, rebuilt: true, coldTested: false, sha256: result.sha256 });
    expect(verified.summary).toContain('rebuilt byte-identical to the build record');
    expect(await fs.readFile(paths.reportFile, 'utf8')).toBe(report);
  });

  it('does not take a report less strict than the cold-test target asks for', async () => {
    const { paths, opts } = await built();
    const verified = await ensureVerifiedBundle({ ...opts, coldTest: { all: true } });
    expect(verified).toMatchObject({ ok: true, coldTested: true });
    expect(JSON.parse(await fs.readFile(paths.reportFile, 'utf8')).options).toEqual({ all: true, requireCli: false });
    expect(await ensureVerifiedBundle({ ...opts, coldTest: { all: true } })).toMatchObject({ coldTested: false });
    // gen-ai is not on PATH here: a report that must have used the CLI fails the cold test
    const strict = await ensureVerifiedBundle({ ...opts, coldTest: { requireCli: true } });
    expect(strict).toMatchObject({ ok: false, coldTested: true });
    expect(strict.summary).toContain('cold test FAILED');
  });

  it('cold-tests again when no passing report covers the bytes', async () => {
    const { paths, opts, result } = await built();
    const stale = JSON.parse(await fs.readFile(paths.reportFile, 'utf8'));
    await fs.writeFile(paths.reportFile, JSON.stringify({ ...stale, zipSha256: 'f'.repeat(64) }));
    const verified = await ensureVerifiedBundle(opts);
    expect(verified).toMatchObject({ ok: true, rebuilt: false, coldTested: true });
    expect(JSON.parse(await fs.readFile(paths.reportFile, 'utf8')).zipSha256).toBe(result.sha256);
  });

  it('reports a rebuild whose bytes differ from the record, and cold-tests those bytes', async () => {
    const { paths, opts } = await built();
    const record = JSON.parse(await fs.readFile(paths.buildFile, 'utf8'));
    // as if the cached record and report came from a build with another zlib
    await fs.writeFile(paths.buildFile, JSON.stringify({ ...record, sha256: '0'.repeat(64) }));
    const report = JSON.parse(await fs.readFile(paths.reportFile, 'utf8'));
    await fs.writeFile(paths.reportFile, JSON.stringify({ ...report, zipSha256: '0'.repeat(64) }));
    await fs.rm(paths.zipFile);
    const log = recordingLogger();
    const verified = await ensureVerifiedBundle({ ...opts, logger: log });
    expect(verified).toMatchObject({ ok: true, rebuilt: true, changed: true, coldTested: true });
    expect(log.lines.join('\n')).toMatch(
      /WARN the rebuilt zip's sha256 [0-9a-f]{64} differs from the recorded 0{64} \(recorded by Node\.js /,
    );
  });
});
