import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient, scrubbedEnv } from './genai';
import { HandoffError } from './errors';
import { runColdTest, runPackage, runPin } from './pipeline';
import { fakePng, makeClientFixture, makeTempDir, writeTree } from './testing/fixture-tree';

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });

async function extract(zip: string): Promise<string> {
  const dir = await makeTempDir('nx-handoff-extract-');
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return dir;
}

async function readAll(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) await walk(abs);
      else out.set(path.relative(dir, abs), await fs.readFile(abs, 'latin1'));
    }
  };
  await walk(dir);
  return out;
}

describe('pipeline on a fixture client', () => {
  it("counts a campaign's assets by its jobs' outputs, wherever they sit (not by the results.json folder)", async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      files: {
        'deliverables/gen logs/batch-03/results.json': {
          jobs: [
            {
              id: 'bl-1',
              model: 'recraftv4',
              prompt: 'Peonies',
              status: 'completed',
              output: 'deliverables/exports/IG/hero.png',
              seed: 1,
              aspectRatio: '1:1',
            },
          ],
        },
        'deliverables/exports/IG/hero.png': fakePng('bl-1'),
      },
    });
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const readme = (await readAll(path.join(await extract(result.zipPath), 'acme-handoff-v1'))).get('README.md');
    expect(readme).toContain('- `gen logs/batch-03`: 1 asset from 1 job');
    expect(readme).toContain('- `spring`: 1 asset from 1 job');
  });

  it('pins, documents and packages a white-labelled bundle that verifies with sha256sum -c', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const pin = await runPin({ workspaceRoot, clientRoot, genAi: noCli });
    expect(pin.pinsFile).toBe(path.join(workspaceRoot, 'dist/handoff/acme/handoff-v1/model-pins.lock.json'));
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    expect(path.basename(result.zipPath)).toBe('acme-handoff-v1-2026-04-22.zip');

    const dir = await extract(result.zipPath);
    const top = path.join(dir, 'acme-handoff-v1');
    expect(execFileSync('sha256sum', ['-c', '--strict', 'checksums.sha256'], { cwd: top, encoding: 'utf8' })).toMatch(
      /assets\/spring\/hero-01.png: OK/,
    );
    const files = await readAll(top);
    expect([...files.keys()].sort()).toEqual([
      'README.md',
      'assets/spring/hero-01.png',
      'checksums.sha256',
      'docs/CHANGELOG.md',
      'docs/RIGHTS.md',
      'docs/brand-system.json',
      'docs/brand.md',
      'docs/handoff-manifest.json',
      'docs/metadata.csv',
      'docs/model-pins.json',
      'index.html',
      'prompts/prompt-library.json',
      'source/spring/results.json',
    ]);
    for (const [name, text] of files) {
      expect(`${name}: ${text}`).not.toMatch(/internal-review|Dana liked|"reviewer"|hero-03|Draft idea/);
    }
    const manifest = JSON.parse(files.get('docs/handoff-manifest.json')!);
    expect(manifest).toMatchObject({
      client_slug: 'acme',
      assets_count: 1,
      prompts_count: 1,
      delivered_at: '2026-04-22',
      support_window_days: 30,
    });
    const library = JSON.parse(files.get('prompts/prompt-library.json')!);
    expect(library.jobs).toEqual([
      {
        id: 'hero-01',
        prompt: 'A calm hero shot',
        model: 'recraftv4@2026-03-15',
        seed: 7,
        params: { aspectRatio: '16:9' },
        outputs: ['assets/spring/hero-01.png'],
        campaign: 'spring',
      },
    ]);
    expect(files.get('README.md')).toContain(
      "gen-ai generate -m recraftv4@2026-03-15 -p 'A calm hero shot' --seed 7 --aspect-ratio 16:9",
    );
    expect(files.get('README.md')).toContain('2026-05-22');
  });

  it('stops on a denylisted term in an approved prompt, naming the job and term', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({
      config: { strip: { terms: ['Calm Corp', 'hero shot'] } },
    });
    const err = await runPin({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err.problems[0]).toMatchObject({
      field: 'job hero-01',
      file: 'clients/acme/deliverables/spring/results.json',
    });
    expect(err.problems[0].message).toContain('"hero shot"');
  });

  it('uses a client template override and names a broken one', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    await writeTree(workspaceRoot, { 'handoff-templates/RIGHTS.md.hbs': '# Rights for {{client}}\n' });
    const ok = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const dir = await extract(ok.result.zipPath);
    expect(await fs.readFile(path.join(dir, 'acme-handoff-v1/docs/RIGHTS.md'), 'utf8')).toBe('# Rights for Acme\n');

    await writeTree(clientRoot, { 'handoff-templates/README.md.hbs': '# {{#if client}}oops\n' });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect(err.problems[0].file).toBe('clients/acme/handoff-templates/README.md.hbs');
  });

  it('names a manifest template that renders invalid fields', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    await writeTree(workspaceRoot, {
      'handoff-templates/handoff-manifest.json.hbs': '{"handoff_kind": "x", "assets_count": "many"}\n',
    });
    const err = await runPackage({ workspaceRoot, clientRoot, genAi: noCli }).catch((e) => e);
    expect(err).toMatchObject({ code: 'TEMPLATE_INVALID' });
    expect(err.problems.map((p: { field?: string }) => p.field)).toEqual(
      expect.arrayContaining(['assets_count', 'client_slug']),
    );
    expect(err.problems[0].file).toBe('handoff-templates/handoff-manifest.json.hbs');
  });
});

const FAKE_BIN_DIR = path.join(__dirname, 'genai/__fixtures__/bin');

describe('runColdTest', () => {
  it('passes a fresh bundle offline and writes the report beside the zip', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { report, reportFile, summary } = await runColdTest({ zip: result.zipPath, genAi: noCli });
    expect(reportFile).toBe(`${result.zipPath}.cold-test.json`);
    expect(JSON.parse(await fs.readFile(reportFile, 'utf8')).ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'regeneration')?.status).toBe('offline');
    expect(summary).toMatch(/^PASS checksums/m);
    await expect(runColdTest({ zip: result.zipPath, genAi: noCli, requireCli: true })).resolves.toMatchObject({
      report: { ok: false },
    });
  });

  it('dry-runs through gen-ai with a scrubbed HOME and its cwd in the extracted bundle', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const log = path.join(await makeTempDir(), 'calls.jsonl');
    const home = await makeTempDir('nx-handoff-home-');
    const { report } = await runColdTest({
      zip: result.zipPath,
      genAi: (bundleRoot) =>
        createGenAiClient({
          bin: path.join(FAKE_BIN_DIR, 'gen-ai'),
          env: { ...scrubbedEnv({ ...process.env, GENAI_API_KEY: 'sk-live-123' }, home), FAKE_GENAI_LOG: log },
          extendEnv: false,
          cwd: bundleRoot,
        }),
    });
    expect(report.checks.find((c) => c.name === 'regeneration')).toMatchObject({ status: 'pass' });
    const calls = (await fs.readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const gen = calls.find((c) => c.argv[0] === 'generate');
    expect(gen.argv).toEqual(
      expect.arrayContaining(['-m', 'recraftv4@2026-03-15', '--dry-run', '--no-input', '--seed', '7']),
    );
    expect(path.basename(gen.cwd)).toBe('acme-handoff-v1');
    expect(gen.env.HOME).toBe(home);
    expect(gen.envNames).not.toContain('GENAI_API_KEY');
  });

  it('fails a tampered bundle, naming the file', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture();
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const dir = await extract(result.zipPath);
    await fs.appendFile(path.join(dir, 'acme-handoff-v1/assets/spring/hero-01.png'), 'x');
    const tampered = path.join(dir, 'tampered.zip');
    execFileSync('zip', ['-qrX', tampered, 'acme-handoff-v1'], { cwd: dir });
    const { report, summary } = await runColdTest({ zip: tampered, genAi: noCli });
    expect(report.ok).toBe(false);
    expect(summary).toMatch(/FAIL checksums.*assets\/spring\/hero-01.png/);
  });
});

describe('BagIt format', () => {
  it('builds a bag that passes the cold test, names the client as Source-Organization and explains data/', async () => {
    const { workspaceRoot, clientRoot } = await makeClientFixture({ config: { format: 'bagit' } });
    const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
    const { report } = await runColdTest({ zip: result.zipPath, genAi: noCli });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toContain('bagit');
    const dir = await extract(result.zipPath);
    const bag = path.join(dir, 'acme-handoff-v1');
    expect(await fs.readFile(path.join(bag, 'bag-info.txt'), 'utf8')).toMatch(/^Source-Organization: Acme$/m);
    const readme = await fs.readFile(path.join(bag, 'README.md'), 'utf8');
    expect(readme).toContain('sha256sum -c manifest-sha256.txt');
    expect(readme).toMatch(/sit under\s+`data\/`/);
    expect(
      execFileSync('sha256sum', ['-c', '--strict', 'manifest-sha256.txt'], { cwd: bag, encoding: 'utf8' }),
    ).toMatch(/data\/assets\/spring\/hero-01.png: OK/);
  });
});
