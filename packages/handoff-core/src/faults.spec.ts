import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from './genai';
import { HandoffError } from './errors';
import { runColdTest, runPackage } from './pipeline';
import { fakePng, makeClientFixture, writeTree } from './testing/fixture-tree';

/** Faults: killed runs, a full disk, concurrent runs, awkward file names. Nothing half-written. */

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
const REPO_ROOT = path.resolve(__dirname, '../../..');
const CHILD = path.join(__dirname, 'testing/run-package-child.ts');
const ZIP_DIR = (ws: string) => path.join(ws, 'dist/handoff/acme/handoff-v1');
const ZIP = (ws: string) => path.join(ZIP_DIR(ws), 'acme-handoff-v1-2026-04-22.zip');

function runChild(ws: string, client: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', CHILD, ws, client], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

async function waitFor(pred: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await pred()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

const tempFiles = async (dir: string) =>
  (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.includes('.tmp-'));

describe('faults', () => {
  jest.setTimeout(60_000);

  it('a run killed with SIGKILL mid-package leaves no file at the final path, and the next run succeeds', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    // A large STOREd asset keeps the packager busy long enough to be killed mid-write.
    const big = path.join(clientRoot, 'deliverables/spring/film.mp4');
    await fs.writeFile(big, Buffer.alloc(0));
    await fs.truncate(big, 300 * 1024 * 1024);
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, workspaceRoot, clientRoot], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.once('exit', r));
    const writing = await waitFor(async () => {
      for (const t of await tempFiles(ZIP_DIR(workspaceRoot))) {
        if ((await fs.stat(path.join(ZIP_DIR(workspaceRoot), t)).catch(() => undefined))?.size ?? 0 > 1024 * 1024)
          return true;
      }
      return false;
    }, 30_000);
    child.kill('SIGKILL');
    await exited;
    expect(writing).toBe(true);
    expect(existsSync(ZIP(workspaceRoot))).toBe(false);
    expect(existsSync(`${ZIP(workspaceRoot)}.sha256`)).toBe(false);

    const again = runChild(workspaceRoot, clientRoot);
    expect(again).toMatchObject({ status: 0 });
    expect(await tempFiles(ZIP_DIR(workspaceRoot))).toEqual([]);
    const { report } = await runColdTest({ zip: ZIP(workspaceRoot), genAi: noCli });
    expect(report.ok).toBe(true);
  });

  it('a full disk is a clear error with no partial bundle', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: { 'deliverables/spring/clip.mp4': randomBytes(1024 * 1024) },
    });
    const dist = path.join(workspaceRoot, 'dist');
    await fs.mkdir(dist);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dist]).status === 0;
    if (!mounted) {
      console.warn('faults: cannot mount a small tmpfs here (needs root); full-disk test skipped');
      return;
    }
    try {
      const r = runChild(workspaceRoot, clientRoot);
      expect(r.status).toBe(1);
      expect(r.output).toMatch(/no space left on device/);
      expect(r.output).not.toMatch(/^\s+at /m);
      expect(existsSync(ZIP(workspaceRoot))).toBe(false);
      expect(await tempFiles(ZIP_DIR(workspaceRoot))).toEqual([]);
    } finally {
      spawnSync('umount', [dist]);
    }
  });

  it('two runs of the same client at once: one builds, the other says it is already running', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: { 'deliverables/spring/clip.mp4': randomBytes(8 * 1024 * 1024) },
    });
    const results = await Promise.allSettled([1, 2].map(() => runPackage({ workspaceRoot, clientRoot, genAi: noCli })));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].reason).toBeInstanceOf(HandoffError);
    expect(failed[0].reason.problems[0]).toMatchObject({
      code: 'LOCKED',
      message: expect.stringMatching(/acme v1 is already being built by process/),
    });
    expect(existsSync(path.join(ZIP_DIR(workspaceRoot), '.handoff.lock'))).toBe(false);
    await expect(runPackage({ workspaceRoot, clientRoot, genAi: noCli })).resolves.toBeDefined();
  });

  it('a lock left by a dead process is taken over', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    await writeTree(ZIP_DIR(workspaceRoot), {
      '.handoff.lock': { pid: 2 ** 22 + 17, host: require('node:os').hostname(), startedAt: '2026-01-01T00:00:00Z' },
    });
    await expect(runPackage({ workspaceRoot, clientRoot, genAi: noCli })).resolves.toBeDefined();
  });
});

describe('awkward inputs', () => {
  it('ships file names with spaces, emoji and non-Latin scripts, NFC-normalised', async () => {
    const decomposed = 'Cafe\u0301 menu.png';
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      jobs: [
        { id: 'a', model: 'recraftv4', prompt: 'p', status: 'completed', output: 'summer ☀️ hero.png' },
        { id: 'b', model: 'recraftv4', prompt: 'p', status: 'completed', outputs: ['東京 ポスター.png', decomposed] },
      ],
      files: {
        'deliverables/spring/summer ☀️ hero.png': fakePng('sun'),
        'deliverables/spring/東京 ポスター.png': fakePng('tokyo'),
        [`deliverables/spring/${decomposed}`]: fakePng('cafe'),
      },
    });
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    expect(Object.keys(result.checksums)).toEqual(
      expect.arrayContaining([
        'assets/spring/summer ☀️ hero.png',
        'assets/spring/東京 ポスター.png',
        'assets/spring/Caf\u00e9 menu.png',
      ]),
    );
    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli });
    expect(report.ok).toBe(true);
  });

  it('refuses two files that land on one bundle path, by case or Unicode form', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      config: { deliverables: ['deliverables', 'extra'] },
      files: {
        'extra/spring/HERO-01.png': fakePng('x'),
        'deliverables/spring/Cafe\u0301.png': fakePng('c1'),
        'deliverables/spring/Caf\u00e9.png': fakePng('c2'),
      },
    });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    const text = err.problems.map((p: { file?: string; message: string }) => `${p.file}: ${p.message}`).join('\n');
    expect(text).toMatch(/hero-01\.png: lands on the same bundle path as .*HERO-01\.png .*letter case/);
    expect(text).toMatch(/Caf.*\.png: lands on the same bundle path .*Unicode normal form/);
    expect(existsSync(ZIP_DIR(workspaceRoot))).toBe(false);
  });

  it('names a zero-byte image, and ships a zero-byte text file', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: { 'deliverables/spring/empty.png': Buffer.alloc(0) },
    });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err.problems[0].file).toMatch(/deliverables\/spring\/empty\.png$/);
    expect(existsSync(ZIP(workspaceRoot))).toBe(false);

    const ok = await makeClientFixture({ files: { 'deliverables/spring/notes-for-print.txt': '' } });
    const { result } = await runPackage({ ...ok, genAi: noCli });
    expect(result.checksums['assets/spring/notes-for-print.txt']).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
