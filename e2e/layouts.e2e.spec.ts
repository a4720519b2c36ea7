/**
 * Engagements in the layouts agencies have, generated from a seed (packages/handoff-core/src/testing/
 * engagement-generator.ts), driven through `nx run` in a fresh workspace. The manual recipe's layout
 * goes from the first run to a bundle that passes the cold test with the fixes a user makes from one
 * handoff-check report.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { parse as parseJsonc } from 'jsonc-parser';
import {
  applyFixes,
  generateEngagement,
  PROBLEM_KINDS,
  REVIEWER,
  type Engagement,
  type FileContent,
} from '../packages/handoff-core/src/testing/engagement-generator';
import { E2eWorkspace, tasksRun } from './utils/workspace';

jest.setTimeout(300_000);

function writeEngagement(ws: E2eWorkspace, dir: string, eng: Engagement): void {
  for (const [rel, content] of Object.entries(eng.files)) writeContent(ws, `${dir}/${rel}`, content);
  const ignore = ws.read('.gitignore');
  ws.write(
    '.gitignore',
    `${ignore.trimEnd()}\n${eng.gitignore.filter((l) => !ignore.split('\n').includes(l)).join('\n')}\n`,
  );
}

function writeContent(ws: E2eWorkspace, rel: string, content: FileContent): void {
  if (typeof content === 'string' || Buffer.isBuffer(content)) ws.write(rel, content);
  else ws.writeJson(rel, content);
}

function scaffold(ws: E2eWorkspace, slug: string): string {
  ws.nxOk(
    'g',
    'nx-handoff:handoff-client',
    slug,
    '--no-interactive',
    `--reviewers=${REVIEWER}`,
    '--date=2026-11-01',
    '--supportContact=Jo Doe <jo@agency.example>',
  );
  return `clients/${slug}`;
}

describe('real engagement layouts through nx run', () => {
  let ws: E2eWorkspace;

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
  });
  afterAll(() => ws?.dispose());

  it('the manual recipe layout: one handoff-check report names every problem; its fixes give a bundle that passes the cold test', () => {
    const eng = generateEngagement({ seed: 2026, layout: 'recipe', slug: 'acme', inject: PROBLEM_KINDS });
    const dir = scaffold(ws, 'acme');
    rmSync(ws.path(dir, 'brand'), { recursive: true });
    writeEngagement(ws, dir, eng);
    ws.commit('acme engagement as the recipe left it');

    const project = JSON.parse(ws.nxOk('show', 'project', 'acme', '--json').trim().split('\n').pop()!);
    expect(project.targets['handoff-check']).toMatchObject({ executor: 'nx-handoff:check', cache: true });
    expect(project.targets['handoff-check'].metadata.description).toMatch(/every problem/);
    expect(project.targets['handoff-pin'].dependsOn).toBeUndefined(); // beside the check
    expect(project.targets['handoff-package'].dependsOn).toEqual(['handoff-check', 'handoff-pin']);

    const first = ws.nx('run', 'acme:handoff', '--output-style=static');
    expect(first.status).not.toBe(0);
    // Stopped at the check (pin ran beside it): nothing was packaged.
    const ran = Object.keys(tasksRun(first.output));
    expect(ran).toContain('acme:handoff-check');
    expect(ran.filter((t) => !['acme:handoff-check', 'acme:handoff-pin'].includes(t))).toEqual([]);
    for (const { kind, file } of eng.injected) {
      const shown = kind === 'unknown-model' ? 'model-registry.json' : `${dir}/${file}`;
      expect([kind, first.output.includes(`\n${shown}\n`)]).toEqual([kind, true]);
    }
    // The brand docs live in docs/, not where the scaffold pointed; failed jobs and .DS_Store are no problem.
    expect(first.output).toMatch(
      /brand document "brand\/brand-system.json" does not exist[\s\S]*fix: .*brand\/ or docs\//,
    );
    expect(first.output).not.toMatch(/\.DS_Store|"output": null|is not valid/);
    expect(first.output).toMatch(
      /campaigns\/[a-z-]+\/results.json: \d+ output\(s\): \d+ relative to the client folder/,
    );
    if (process.env.SHOW_CHECK_REPORT) console.log(first.output);
    const count = /handoff-check acme: (\d+) problems in (\d+) files; nothing was packaged/.exec(first.output);
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(eng.injected.length + 2);

    // The fixes the report asks for, all at once.
    const io = {
      write: (rel: string, content: FileContent) => writeContent(ws, rel, content),
      remove: (rel: string) => rmSync(ws.path(rel), { force: true }),
      readJson: (rel: string) => parseJsonc(ws.read(rel)), // handoff.json has comments
    };
    ws.write(
      `${dir}/handoff.json`,
      ws
        .read(`${dir}/handoff.json`)
        .replace('"system": "brand/brand-system.json"', '"system": "docs/brand-system.json"')
        .replace('"rules": "brand/brand.md"', '"rules": "docs/brand.md"'),
    );
    return applyFixes(io, dir, eng).then(() => {
      ws.commit('fixes from the handoff-check report');
      const second = ws.nxOk('run', 'acme:handoff', '--output-style=static');
      expect(second).toContain('handoff-check acme: no problems');
      const report = ws.readJson('dist/handoff/acme/handoff-v1/acme-handoff-v1-2026-11-01.zip.cold-test.json');
      expect(report.ok).toBe(true);
      const manifest = JSON.parse(
        execFileSync(
          'unzip',
          [
            '-p',
            ws.path('dist/handoff/acme/handoff-v1/acme-handoff-v1-2026-11-01.zip'),
            'acme-handoff-v1/docs/handoff-manifest.json',
          ],
          { encoding: 'utf8' },
        ),
      );
      expect(manifest.removed_categories).toEqual(
        expect.arrayContaining(['internal notes and reviewer fields', 'internal comments in Markdown', 'failed jobs']),
      );
    });
  });

  it.each([
    ['per-campaign', 'globex', 41],
    ['foreign-absolute', 'initech', 77],
  ] as const)('%s layout (%s, seed %i): builds and passes the cold test on the first run', (layout, slug, seed) => {
    const eng = generateEngagement({ seed, layout, slug });
    const dir = scaffold(ws, slug);
    rmSync(ws.path(dir, 'brand'), { recursive: true });
    writeEngagement(ws, dir, eng);
    ws.commit(`${slug} engagement`);
    const out = ws.nxOk('run', `${slug}:handoff`, '--output-style=static');
    expect(out).toContain(`handoff-check ${slug}: no problems`);
    if (layout === 'foreign-absolute') expect(out).toMatch(/by the tail of an absolute path/);
    const report = ws.readJson(`dist/handoff/${slug}/handoff-v1/${slug}-handoff-v1-2026-11-01.zip.cold-test.json`);
    expect(report.ok).toBe(true);
    const zip = ws.path(`dist/handoff/${slug}/handoff-v1/${slug}-handoff-v1-2026-11-01.zip`);
    const sources = execFileSync('unzip', ['-p', zip, `${slug}-handoff-v1/source/*`], { encoding: 'utf8' });
    expect(sources).toMatch(/"jobs"/);
    // The agency's machine paths never ship; the outputs name client-relative paths.
    expect(sources).not.toMatch(/\/Users\/|C:\\\\|file:\/\//);
  });
});
