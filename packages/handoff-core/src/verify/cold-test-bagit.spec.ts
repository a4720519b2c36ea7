import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BAG_TOP, buildSampleBag, refreshTagManifestLine, rezipBag, unzipBag } from '../bagit/fixtures/bag-fixtures';
import type { GenAiClient } from '../genai/types';
import type { ColdTestReport } from '../types';
import { coldTestBundle, formatColdTestSummary } from './cold-test';
import { makeTempDir, removeTempDirs, SAMPLE_JOBS, sampleReadme } from './fixtures/sample-bundle';

afterAll(removeTempDirs);

function check(report: ColdTestReport, name: string) {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name}`);
  return found;
}

const statuses = (report: ColdTestReport): Record<string, string> =>
  Object.fromEntries(report.checks.map((c) => [c.name, c.status]));

describe('coldTestBundle on a BagIt bundle', () => {
  it('validates the bag instead of checksums.sha256 and checks the documents under data/', async () => {
    const dir = await makeTempDir();
    const built = await buildSampleBag(dir);
    const report = await coldTestBundle({ zip: built.zipPath });
    expect(statuses(report)).toEqual({
      extraction: 'pass',
      bagit: 'pass',
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
    expect(formatColdTestSummary(report).split('\n').slice(0, 3)).toEqual([
      'PASS extraction  13 files extracted safely into acme-handoff-v1/',
      expect.stringMatching(
        /^PASS bagit {2}valid BagIt bag: 8 payload files \(\d+ bytes\) match manifest-sha256\.txt and tagmanifest-sha256\.txt$/,
      ),
      'PASS manifest  docs/handoff-manifest.json valid: 2 assets, 2 prompts',
    ]);
  });

  it('runs gen-ai with its cwd in the payload folder', async () => {
    const dir = await makeTempDir();
    const roots: string[] = [];
    const genAi = (root: string): GenAiClient => {
      roots.push(root);
      return { available: async () => false } as unknown as GenAiClient;
    };
    const work = path.join(dir, 'work');
    await coldTestBundle({ zip: (await buildSampleBag(dir)).zipPath, genAi, workDir: work });
    expect(roots).toEqual([path.join(work, BAG_TOP, 'data')]);
  });

  it('fails the bag check naming a tampered payload file; the document checks still pass', async () => {
    const dir = await makeTempDir();
    const root = unzipBag((await buildSampleBag(dir)).zipPath, dir);
    const asset = path.join(root, 'data', 'assets', 'hero', 'a.png');
    const bytes = await fs.readFile(asset);
    bytes[bytes.length >> 1] ^= 0x01;
    await fs.writeFile(asset, bytes);
    const report = await coldTestBundle({ zip: rezipBag(root, path.join(dir, 'tampered.zip')) });
    expect(check(report, 'bagit').problems).toEqual([
      expect.stringMatching(/^data\/assets\/hero\/a\.png: sha256 mismatch/),
    ]);
    expect(report.ok).toBe(false);
    expect(statuses(report).manifest).toBe('pass');
  });

  it('fails the bag check and the manifest count for an asset added under data/', async () => {
    const dir = await makeTempDir();
    const root = unzipBag((await buildSampleBag(dir)).zipPath, dir);
    await fs.writeFile(path.join(root, 'data', 'assets', 'extra.png'), 'x');
    const report = await coldTestBundle({ zip: rezipBag(root, path.join(dir, 'edited.zip')) });
    expect(check(report, 'bagit').problems).toEqual([
      expect.stringMatching(
        /^bag-info\.txt line 4 \(Payload-Oxum\): says \d+\.8, the payload has \d+ bytes in 9 files$/,
      ),
      'data/assets/extra.png is not listed in manifest-sha256.txt',
    ]);
    expect(check(report, 'manifest').problems).toEqual([
      'docs/handoff-manifest.json (assets_count): says 2, the bundle has 3 files under assets/',
    ]);
  });

  it('fails when the README at the bag root is not the payload README, even with a matching tag manifest', async () => {
    const dir = await makeTempDir();
    const root = unzipBag((await buildSampleBag(dir)).zipPath, dir);
    await fs.appendFile(path.join(root, 'README.md'), 'Call us.\n');
    await refreshTagManifestLine(root, 'README.md');
    const report = await coldTestBundle({ zip: rezipBag(root, path.join(dir, 'edited.zip')) });
    expect(check(report, 'bagit').problems).toEqual([
      'README.md differs from data/README.md: the copy at the bag root must be identical',
    ]);
    expect(check(report, 'readme').status).toBe('pass');
  });

  it('checks the payload README worked example', async () => {
    const dir = await makeTempDir();
    const readme = sampleReadme({ model: SAMPLE_JOBS[0].model, prompt: 'A different prompt' });
    const report = await coldTestBundle({ zip: (await buildSampleBag(dir, { readme })).zipPath });
    expect(check(report, 'bagit').status).toBe('pass');
    expect(check(report, 'readme').problems).toEqual([
      'README.md:6: worked example prompt "A different prompt" is not the prompt of any job in prompts/prompt-library.json',
    ]);
  });
});
