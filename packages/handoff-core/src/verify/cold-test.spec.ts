import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HandoffError } from '../errors';
import type { CommandOutcome, GenAiClient, GenerateRequest } from '../genai/types';
import type { ColdTestReport } from '../types';
import { coldTestBundle, formatColdTestSummary, writeColdTestReport } from './cold-test';
import { craftZip } from './fixtures/raw-zip';
import { buildSampleBundle, makeTempDir, removeTempDirs, SAMPLE_JOBS, sampleReadme } from './fixtures/sample-bundle';

function statuses(report: ColdTestReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
}

function check(report: ColdTestReport, name: string) {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return found;
}

/** A stand-in gen-ai client: records requests, answers with `ok`. */
function fakeGenAi(available: boolean, ok = true): GenAiClient & { requests: GenerateRequest[] } {
  const requests: GenerateRequest[] = [];
  const outcome = (args: string[]): CommandOutcome => ({
    ok,
    exitCode: ok ? 0 : 2,
    args,
    stdout: '',
    stderr: ok ? '' : 'error: unknown parameter style\n',
  });
  return {
    requests,
    available: async () => available,
    modelInfo: async () => {
      throw new Error('not used');
    },
    generateDryRun: async (req) => {
      requests.push(req);
      return outcome(['generate', '--dry-run']);
    },
    generate: async () => {
      throw new Error('not used');
    },
    upscale: async () => {
      throw new Error('not used');
    },
    whoami: async () => outcome(['whoami']),
  };
}

afterAll(removeTempDirs);

describe('coldTestBundle', () => {
  it('passes every check on a good bundle, regeneration offline without a CLI', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBundle(dir);
    const report = await coldTestBundle({ zip: built.zipPath });
    expect(statuses(report)).toEqual({
      extraction: 'pass',
      checksums: 'pass',
      manifest: 'pass',
      'prompt-library': 'pass',
      'metadata-csv': 'skip',
      'contact-sheet': 'skip',
      pins: 'pass',
      readme: 'pass',
      regeneration: 'offline',
      'white-label': 'pass',
    });
    expect(report.ok).toBe(true);
    expect(report.zipSha256).toBe(built.sha256);
    expect(formatColdTestSummary(report).split('\n')).toEqual([
      'PASS extraction  9 files read safely from acme-handoff-v1/, 7 documents extracted (media verified in the stream)',
      'PASS checksums  8 files match',
      'PASS manifest  docs/handoff-manifest.json valid: 2 assets, 2 prompts',
      'PASS prompt-library  2 jobs, 2 outputs present',
      'SKIP metadata-csv  no docs/metadata.csv (a bundle made before nx-handoff wrote one)',
      'SKIP contact-sheet  no index.html (a bundle made before nx-handoff wrote one)',
      'PASS pins  2 jobs on 2 pinned models',
      'PASS readme  worked example at line 6 uses a library prompt on pinned recraftv4@2025-01-15',
      'OFFLINE regeneration  offline: payload of job hero-01 fits the pinned capabilities (gen-ai CLI not available)',
      'PASS white-label  9 files: no internal tags, denylisted terms, credentials or image metadata',
    ]);
  });

  it('fails checksums naming a tampered asset', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBundle(dir);
    const x = path.join(dir, 'x');
    execFileSync('unzip', ['-q', built.zipPath, '-d', x]);
    const asset = path.join(x, 'acme-handoff-v1', 'assets', 'hero', 'a.png');
    const bytes = await fs.readFile(asset);
    bytes[bytes.length >> 1] ^= 0x01;
    await fs.writeFile(asset, bytes);
    execFileSync('zip', ['-q', '-r', '-X', path.join(dir, 'tampered.zip'), 'acme-handoff-v1'], { cwd: x });
    const report = await coldTestBundle({ zip: path.join(dir, 'tampered.zip') });
    const sums = check(report, 'checksums');
    expect(sums.status).toBe('fail');
    expect(sums.problems).toEqual([expect.stringMatching(/^assets\/hero\/a\.png: sha256 mismatch/)]);
    expect(report.ok).toBe(false);
    expect(statuses(report).manifest).toBe('pass');
  });

  it('fails checksums for a listed file that is missing and a file that is not listed', async () => {
    const dir = await makeTempDir();
    const x = path.join(dir, 'x');
    execFileSync('unzip', ['-q', (await buildSampleBundle(dir)).zipPath, '-d', x]);
    await fs.rm(path.join(x, 'acme-handoff-v1', 'docs', 'brand.md'));
    await fs.writeFile(path.join(x, 'acme-handoff-v1', 'docs', 'extra.txt'), 'x');
    execFileSync('zip', ['-q', '-r', '-X', path.join(dir, 'edited.zip'), 'acme-handoff-v1'], { cwd: x });
    const report = await coldTestBundle({ zip: path.join(dir, 'edited.zip') });
    expect(check(report, 'checksums').problems).toEqual([
      'docs/brand.md is listed in checksums.sha256 but missing from the bundle',
      'docs/extra.txt is not listed in checksums.sha256',
    ]);
  });

  it('fails pins naming the job with an unpinned model', async () => {
    const dir = await makeTempDir();
    const jobs = [SAMPLE_JOBS[0], { ...SAMPLE_JOBS[1], id: 'hero-03', model: 'recraftv4' }];
    const report = await coldTestBundle({ zip: (await buildSampleBundle(dir, { jobs })).zipPath });
    expect(check(report, 'pins').problems).toEqual([
      'prompts/prompt-library.json job hero-03: model recraftv4 is not pinned (expected name@version, never latest)',
    ]);
    expect(formatColdTestSummary(report)).toContain(
      'FAIL pins  prompts/prompt-library.json job hero-03: model recraftv4 is not pinned',
    );
    expect(check(report, 'prompt-library').status).toBe('fail');
  });

  it('fails the manifest on a wrong asset count and a named file that is absent', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBundle(dir, { manifest: { assets_count: 3, brand_rules: 'docs/brand-rules.md' } });
    const report = await coldTestBundle({ zip: built.zipPath });
    expect(check(report, 'manifest').problems).toEqual([
      'docs/handoff-manifest.json (assets_count): says 3, the bundle has 2 files under assets/',
      'docs/handoff-manifest.json (brand_rules): names docs/brand-rules.md, which is not in the bundle',
    ]);
  });

  it('fails the readme when its worked example prompt is not in the library', async () => {
    const dir = await makeTempDir();
    const readme = sampleReadme({ model: SAMPLE_JOBS[0].model, prompt: 'A different prompt' });
    const report = await coldTestBundle({ zip: (await buildSampleBundle(dir, { readme })).zipPath });
    expect(check(report, 'readme').problems).toEqual([
      'README.md:6: worked example prompt "A different prompt" is not the prompt of any job in prompts/prompt-library.json',
    ]);
  });

  it('dry-runs through an available gen-ai client and reports its failure', async () => {
    const dir = await makeTempDir();
    const zip = (await buildSampleBundle(dir)).zipPath;
    const good = fakeGenAi(true);
    expect(check(await coldTestBundle({ zip, genAi: good, all: true }), 'regeneration').status).toBe('pass');
    expect(good.requests).toEqual([
      { model: 'recraftv4@2025-01-15', prompt: SAMPLE_JOBS[0].prompt, seed: 42, aspectRatio: '16:9' },
      { model: 'flux-pro@1.1', prompt: 'Teal wave pattern' },
    ]);
    const bad = await coldTestBundle({ zip, genAi: fakeGenAi(true, false) });
    expect(check(bad, 'regeneration').problems).toEqual([
      'job hero-01: gen-ai dry run exited 2: error: unknown parameter style',
    ]);
    const required = await coldTestBundle({ zip, genAi: fakeGenAi(false), requireCli: true });
    expect(check(required, 'regeneration').status).toBe('fail');
    expect(check(required, 'regeneration').summary).toMatch(/gen-ai CLI is required/);
  });

  it('fails offline regeneration when the payload does not fit the pinned capabilities', async () => {
    const dir = await makeTempDir();
    const jobs = [{ ...SAMPLE_JOBS[0], params: { aspectRatio: '21:9', style: 'flat', quality: 'hd' } }, SAMPLE_JOBS[1]];
    const report = await coldTestBundle({ zip: (await buildSampleBundle(dir, { jobs })).zipPath });
    expect(check(report, 'regeneration').problems).toEqual([
      'job hero-01: aspect ratio 21:9 is not one the model accepts (1:1, 16:9)',
      'job hero-01: parameter quality is not one the model accepts (style)',
    ]);
  });

  it('refuses an unsafe zip, skips the other checks and removes its temp folder', async () => {
    const dir = await makeTempDir();
    const zip = path.join(dir, 'evil.zip');
    await fs.writeFile(
      zip,
      craftZip([
        { name: 'acme-handoff-v1/README.md', data: Buffer.from('x') },
        { name: '../evil', data: Buffer.from('x') },
      ]),
    );
    const tmp = path.join(dir, 'tmp');
    await fs.mkdir(tmp);
    const report = await coldTestBundle({ zip, tempRoot: tmp });
    expect(check(report, 'extraction').problems).toEqual([
      'entry "../evil" has a `..` segment (points outside the folder)',
    ]);
    expect(report.checks.slice(1).map((c) => c.status)).toEqual(Array(9).fill('skip'));
    expect(report.ok).toBe(false);
    expect(await fs.readdir(tmp)).toEqual([]);
    expect(await fs.readdir(dir)).toEqual(['evil.zip', 'tmp']);
    // tempRoot is really where the extraction goes:
    await expect(coldTestBundle({ zip, tempRoot: path.join(dir, 'missing') })).rejects.toThrow(/ENOENT/);
  });

  it('keeps the extraction in workDir, refuses a non-empty one, and throws for a missing zip', async () => {
    const dir = await makeTempDir();
    const zip = (await buildSampleBundle(dir)).zipPath;
    const work = path.join(dir, 'work');
    await coldTestBundle({ zip, workDir: work });
    expect(await fs.readFile(path.join(work, 'acme-handoff-v1', 'docs', 'brand.md'), 'utf8')).toBe('# Brand\n');
    // Media are verified in the stream, not written: only the documents the checks open are on disk.
    const onDisk = await fs.readdir(path.join(work, 'acme-handoff-v1'), { recursive: true });
    expect(onDisk.filter((f) => /\.(png|jpe?g|webp|mp4)$/i.test(String(f)))).toEqual([]);
    expect(onDisk.map(String)).toEqual(expect.arrayContaining(['README.md', 'checksums.sha256']));
    await expect(coldTestBundle({ zip, workDir: work })).rejects.toThrow(/not empty/);
    // extractAll writes every file, media included.
    const all = path.join(dir, 'all');
    await coldTestBundle({ zip, workDir: all, extractAll: true });
    const allFiles = await fs.readdir(path.join(all, 'acme-handoff-v1'), { recursive: true });
    expect(allFiles.filter((f) => /\.png$/i.test(String(f))).length).toBeGreaterThan(0);
    await expect(coldTestBundle({ zip: path.join(dir, 'none.zip') })).rejects.toBeInstanceOf(HandoffError);
  });

  it('fails extraction when the zip has more than one top folder', async () => {
    const dir = await makeTempDir();
    const zip = path.join(dir, 'two.zip');
    await fs.writeFile(
      zip,
      craftZip([
        { name: 'a/x.md', data: Buffer.from('x') },
        { name: 'b/y.md', data: Buffer.from('y') },
      ]),
    );
    const report = await coldTestBundle({ zip });
    expect(check(report, 'extraction').problems).toEqual(['expected exactly one top folder, found 2: a, b']);
  });

  it('writes the report as JSON', async () => {
    const dir = await makeTempDir();
    const report = await coldTestBundle({ zip: (await buildSampleBundle(dir)).zipPath });
    const file = path.join(dir, 'report', 'a.zip.cold-test.json');
    await writeColdTestReport(report, file);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(report);
  });
});
