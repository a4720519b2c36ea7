import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from './genai';
import { HandoffError } from './errors';
import { prepareClient, runPackage } from './pipeline';
import { makeClientFixture, makeTempDir, writeTree } from './testing/fixture-tree';

/** Leak and input paths found in review: each is caught, and clean data is untouched. */

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
const FAKE_TOKEN = ['ghp', 'Zq8wX2mP4rT6vB9nK3sL5dF7hJ1kM0nB2vC4'].join('_');

async function problemsOf(p: Promise<unknown>) {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(HandoffError);
  return (err as HandoffError).problems;
}

describe('never-ship files and JSON assets', () => {
  it('drops .envrc, .git-credentials, AppleDouble and XMP sidecars; strips internal fields from JSON assets', async () => {
    const fixture = await makeClientFixture({
      files: {
        'deliverables/spring/.envrc': 'export GENAI_TOKEN=abc\n',
        'deliverables/spring/.git-credentials': 'https://bot:x@example.com\n',
        'deliverables/spring/._hero-01.png': 'AppleDouble',
        'deliverables/spring/hero-01.xmp': '<x:xmpmeta>prompt</x:xmpmeta>',
        'deliverables/spring/brief.json': {
          title: 'Spring',
          notes: 'client hated v1',
          reviewer: 'Sam Patel',
          tags: ['hero', 'internal-x'],
        },
        'deliverables/spring/palette.json': { primary: '#112233' },
      },
    });
    const { set } = await prepareClient({ ...fixture, genAi: noCli });
    expect(set.assets.map((a) => a.rel).sort()).toEqual([
      'deliverables/spring/brief.json',
      'deliverables/spring/hero-01.png',
      'deliverables/spring/palette.json',
    ]);
    const brief = set.assets.find((a) => a.rel.endsWith('brief.json'))!;
    expect(JSON.parse(brief.content!.toString('utf8'))).toEqual({ title: 'Spring', tags: ['hero'] });
    expect(set.assets.find((a) => a.rel.endsWith('palette.json'))!.content).toBeUndefined();
    const { result } = await runPackage({ ...fixture, genAi: noCli });
    expect(Object.keys(result.checksums)).toEqual(
      expect.arrayContaining(['assets/spring/brief.json', 'assets/spring/palette.json']),
    );
  });

  it('finds a credential in a shipped file without a text extension', async () => {
    const fixture = await makeClientFixture({
      files: { 'deliverables/spring/API-NOTES': `deploy with\ntoken ${FAKE_TOKEN}\n` },
    });
    const problems = await problemsOf(runPackage({ ...fixture, genAi: noCli }));
    expect(problems[0]).toMatchObject({ code: 'LEAK', file: 'clients/acme/deliverables/spring/API-NOTES', line: 2 });
  });
});

describe('terms in any shipped job field', () => {
  it('stops on a denylisted term in a negative prompt, naming the field', async () => {
    const fixture = await makeClientFixture({
      config: { strip: { terms: ['Bluebird'] } },
      jobs: [
        {
          id: 'hero-01',
          model: 'recraftv4',
          prompt: 'calm',
          negative_prompt: 'nothing like Bluebird packaging',
          status: 'completed',
          output: 'hero-01.png',
        },
      ],
    });
    const problems = await problemsOf(prepareClient({ ...fixture, genAi: noCli }));
    expect(problems[0]).toMatchObject({
      field: 'job hero-01',
      message: 'negative_prompt contains denylisted term(s): "Bluebird"',
    });
  });

  it('ignores terms in fields that are stripped anyway', async () => {
    const fixture = await makeClientFixture({
      config: { strip: { terms: ['Bluebird'] } },
      jobs: [
        {
          id: 'hero-01',
          model: 'recraftv4',
          prompt: 'calm',
          notes: 'unlike Bluebird',
          status: 'completed',
          output: 'hero-01.png',
        },
      ],
    });
    await expect(prepareClient({ ...fixture, genAi: noCli })).resolves.toBeDefined();
  });
});

describe('inventory edges', () => {
  it('refuses a symlinked results.json that leads outside the client folder', async () => {
    const fixture = await makeClientFixture();
    const outside = await makeTempDir();
    await writeTree(outside, { 'results.json': { jobs: [] } });
    await fs.mkdir(path.join(fixture.clientRoot, 'deliverables/linked'));
    await fs.symlink(
      path.join(outside, 'results.json'),
      path.join(fixture.clientRoot, 'deliverables/linked/results.json'),
    );
    const problems = await problemsOf(prepareClient({ ...fixture, genAi: noCli }));
    expect(problems[0]).toMatchObject({ code: 'PATH_ESCAPE', file: 'clients/acme/deliverables/linked/results.json' });
  });

  it('refuses nested deliverables folders that would ship files twice', async () => {
    const fixture = await makeClientFixture({ config: { deliverables: ['deliverables', 'deliverables/spring'] } });
    const problems = await problemsOf(prepareClient({ ...fixture, genAi: noCli }));
    expect(problems[0]).toMatchObject({
      field: 'deliverables[1]',
      message: expect.stringMatching(/"deliverables\/spring" is inside "deliverables"/),
    });
  });

  it('refuses a git-ignored deliverable, which Nx would not hash', async () => {
    const fixture = await makeClientFixture({ files: { 'deliverables/spring/teaser.mov': 'mov' } });
    await writeTree(fixture.workspaceRoot, { '.gitignore': '*.mov\n' });
    execFileSync('git', ['init', '-q'], { cwd: fixture.workspaceRoot });
    const problems = await problemsOf(prepareClient({ ...fixture, genAi: noCli }));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'clients/acme/deliverables/spring/teaser.mov',
        hint: expect.stringMatching(/Git LFS/),
      }),
    ]);
    await fs.writeFile(path.join(fixture.workspaceRoot, '.gitignore'), 'dist\n');
    await expect(prepareClient({ ...fixture, genAi: noCli })).resolves.toBeDefined();
  });
});

describe('default tag prefixes', () => {
  it('do not flag prose such as "pitch-black" in a prompt', async () => {
    const fixture = await makeClientFixture({
      jobs: [
        {
          id: 'hero-01',
          model: 'recraftv4',
          prompt: 'pitch-black background, review-ready',
          status: 'completed',
          output: 'hero-01.png',
        },
      ],
    });
    const { result } = await runPackage({ ...fixture, genAi: noCli });
    const { runColdTest } = await import('./pipeline');
    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli, client: fixture });
    expect(report.checks.find((c) => c.name === 'white-label')?.status).toBe('pass');
  });
});
