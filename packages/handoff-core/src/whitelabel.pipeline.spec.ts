import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from './genai';
import { HandoffError } from './errors';
import { runColdTest, runPackage } from './pipeline';
import { fakePng, makeClientFixture, makeTempDir, writeTree } from './testing/fixture-tree';

/** White-labelling end to end: seeded leaks never reach the bundle, or the build stops naming them. */

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
// Assembled at run time so the source itself trips no secret scanner.
const FAKE_KEY = ['sk', 'live', 'Zq8wX2mP4rT6vB9nK3sL5dF7'].join('_');

const leakyJobs = [
  {
    id: 'hero-01',
    model: 'recraftv4',
    prompt: 'A calm hero shot',
    status: 'completed',
    tags: ['hero', 'internal-review', 'retainer-week-2026-04-22'],
    output: 'hero-01.png',
    seed: 7,
    notes: 'Dana liked it',
    reviewer: 'Dana Whitfield',
  },
  {
    id: 'hero-02',
    model: 'recraftv4',
    prompt: 'Teal wave, unlike the Globex campaign',
    status: 'completed',
    tags: ['pitch-concept-b'],
    output: 'hero-02.png',
  },
];

async function leakyClient(extra: Parameters<typeof makeClientFixture>[0] = {}) {
  const fixture = await makeClientFixture({
    jobs: leakyJobs,
    config: {
      strip: {
        terms: ['Globex', 'Dana Whitfield'],
        promptOverrides: [
          { job: 'hero-02', prompt: 'Teal wave, calm and bright', reason: 'competitor reference removed' },
        ],
      },
      ...extra.config,
    },
    files: {
      'deliverables/spring/hero-01.png': fakePng('hero-01', {
        parameters: 'A calm hero shot, Steps: 30, reviewer Dana Whitfield',
      }),
      'deliverables/spring/hero-02.png': fakePng('hero-02'),
      'deliverables/spring/.env': `GENAI_API_KEY=${FAKE_KEY}\n`,
      ...extra.files,
    },
  });
  await writeTree(fixture.workspaceRoot, { 'handoff.workspace.json': { strip: { terms: ['Kestrel Finch Studio'] } } });
  return fixture;
}

async function extractAll(zip: string): Promise<{ root: string; text: string }> {
  const dir = await makeTempDir('nx-handoff-wl-');
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  const root = path.join(dir, 'acme-handoff-v1');
  const parts: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) await walk(abs);
      else parts.push(`${path.relative(root, abs)}\n${await fs.readFile(abs, 'latin1')}`);
    }
  };
  await walk(root);
  return { root, text: parts.join('\n') };
}

describe('white-labelling end to end', () => {
  it('ships none of the seeded tags, fields, names, secrets or image metadata, and records what it did', async () => {
    const { workspaceRoot, clientRoot } = await leakyClient();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { root, text } = await extractAll(result.zipPath);
    for (const leak of [
      'internal-review',
      'retainer-week',
      'pitch-concept-b',
      'Dana',
      'Globex',
      FAKE_KEY,
      '.env',
      'Steps: 30',
      'tEXt',
    ]) {
      expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
    }
    const library = JSON.parse(await fs.readFile(path.join(root, 'prompts/prompt-library.json'), 'utf8'));
    expect(library.jobs[1]).toMatchObject({
      id: 'hero-02',
      prompt: 'Teal wave, calm and bright',
      prompt_edited: expect.stringMatching(/will not reproduce/),
    });
    const readme = await fs.readFile(path.join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/`hero-02`: competitor reference removed/);
    expect(readme).toMatch(/Every PNG, JPEG and WebP image \(2\) went through a lossless metadata strip/);
    expect(await fs.readFile(path.join(root, 'docs/CHANGELOG.md'), 'utf8')).toMatch(
      /job hero-02: prompt edited for white-labelling/,
    );
    const manifest = JSON.parse(await fs.readFile(path.join(root, 'docs/handoff-manifest.json'), 'utf8'));
    expect(manifest.white_labelled).toBe(true);
    expect(manifest.removed_categories).toEqual(
      expect.arrayContaining([
        'internal tags',
        'internal notes and reviewer fields',
        'internal embedded image metadata, where present (png-text, exif, xmp, iptc, jpeg-comment, timestamp, thumbnail, other-metadata, trailing-data)',
        'credentials and system files',
      ]),
    );
    expect(manifest.kept_image_metadata).toEqual([
      'c2pa',
      'digital-source-type',
      'rights',
      'icc-profile',
      'orientation',
    ]);
    expect(readme).toMatch(/Kept: c2pa, digital-source-type, rights, icc-profile, orientation/);

    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli, client: { workspaceRoot, clientRoot } });
    expect(report.checks.find((c) => c.name === 'white-label')).toMatchObject({ status: 'pass' });
  });

  it('leaves clean images byte-identical and clean prompts untouched', async () => {
    const { workspaceRoot, clientRoot } = await leakyClient();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { root } = await extractAll(result.zipPath);
    expect(await fs.readFile(path.join(root, 'assets/spring/hero-02.png'))).toEqual(fakePng('hero-02'));
    const stripped = await fs.readFile(path.join(root, 'assets/spring/hero-01.png'));
    expect(stripped).toEqual(fakePng('hero-01'));
    const library = JSON.parse(await fs.readFile(path.join(root, 'prompts/prompt-library.json'), 'utf8'));
    expect(library.jobs[0]).toMatchObject({ prompt: 'A calm hero shot' });
    expect(library.jobs[0].prompt_edited).toBeUndefined();
  });

  it('stops on a credential in a shipped text file, naming the file and line but not the value', async () => {
    const { workspaceRoot, clientRoot } = await leakyClient({
      files: { 'deliverables/spring/copy.txt': `Headline\nkey: ${FAKE_KEY}\n` },
    });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err.problems[0]).toMatchObject({ code: 'LEAK', file: 'clients/acme/deliverables/spring/copy.txt', line: 2 });
    expect(String(err.message)).not.toContain(FAKE_KEY);
  });

  it('stops on a denylisted term in a prompt without an override, and on an override that keeps it', async () => {
    const { workspaceRoot, clientRoot } = await leakyClient({ config: { strip: { terms: ['Globex'] } } });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err.problems.map((p: { field?: string; message: string }) => `${p.field}: ${p.message}`)).toEqual([
      'job hero-02: prompt contains denylisted term(s): "Globex"',
    ]);

    const bad = await leakyClient({
      config: {
        strip: {
          terms: ['Globex'],
          promptOverrides: [{ job: 'hero-02', prompt: 'Teal Globex wave', reason: 'edited' }],
        },
      },
    });
    const err2 = await runPackage({ ...bad, genAi: noCli }).catch((e) => e);
    expect(err2.problems[0]).toMatchObject({ field: 'strip.promptOverrides[0].prompt' });
  });

  it('fails the cold test when a bundle carries an internal tag or a denylisted term, naming the file', async () => {
    const { workspaceRoot, clientRoot } = await leakyClient();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { root } = await extractAll(result.zipPath);
    await fs.appendFile(path.join(root, 'docs/brand.md'), '\nApproved by Dana Whitfield (internal-review).\n');
    const sums = (await fs.readFile(path.join(root, 'checksums.sha256'), 'utf8')).replace(
      /^\w+(  docs\/brand\.md)$/m,
      `${execFileSync('sha256sum', ['docs/brand.md'], { cwd: root, encoding: 'utf8' }).split(' ')[0]}$1`,
    );
    await fs.writeFile(path.join(root, 'checksums.sha256'), sums);
    const zip = path.join(path.dirname(root), 'leaky.zip');
    execFileSync('zip', ['-qrX', zip, 'acme-handoff-v1'], { cwd: path.dirname(root) });
    const { report, summary } = await runColdTest({ zip, genAi: noCli, client: { workspaceRoot, clientRoot } });
    expect(report.checks.find((c) => c.name === 'checksums')?.status).toBe('pass');
    expect(report.ok).toBe(false);
    expect(summary).toMatch(/FAIL white-label .*docs\/brand\.md/);
    const problems = report.checks.find((c) => c.name === 'white-label')!.problems.join('\n');
    expect(problems).toMatch(/internal-/);
    expect(problems).toMatch(/Dana Whitfield/);
  });
});
