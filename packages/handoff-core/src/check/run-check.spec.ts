import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createGenAiClient } from '../genai';
import { runColdTest, runPackage } from '../pipeline';
import {
  applyFixes,
  generateEngagement,
  PROBLEM_KINDS,
  type Engagement,
  type FileContent,
  type Layout,
} from '../testing/engagement-generator';
import { makeTempDir, TEST_REGISTRY, writeTree } from '../testing/fixture-tree';
import { formatCheckReport } from './format-report';
import { runCheck } from './run-check';

const noCli = createGenAiClient({ bin: '/nonexistent/gen-ai' });
const BASE_CONFIG = {
  client: 'Acme',
  engagement: '2026 retainer',
  version: 1,
  date: '2026-04-22',
  rights: { status: 'all generated' },
  support: { contact: 'support@agency.example', windowDays: 30 },
};

async function writeWorkspace(eng: Engagement): Promise<{ workspaceRoot: string; clientRoot: string }> {
  const workspaceRoot = await makeTempDir();
  const clientRoot = path.join(workspaceRoot, 'clients', eng.slug);
  await writeTree(workspaceRoot, {
    'model-registry.json': TEST_REGISTRY,
    '.gitignore': `${eng.gitignore.join('\n')}\n`,
  });
  await writeTree(clientRoot, { ...eng.files, 'handoff.json': { ...BASE_CONFIG, ...eng.config } });
  spawnSync('git', ['init', '-q'], { cwd: workspaceRoot });
  return { workspaceRoot, clientRoot };
}

function io(workspaceRoot: string) {
  return {
    write: (rel: string, content: FileContent) => writeTree(workspaceRoot, { [rel]: content }),
    remove: (rel: string) => fs.rm(path.join(workspaceRoot, rel), { force: true }),
    readJson: async (rel: string) => JSON.parse(await fs.readFile(path.join(workspaceRoot, rel), 'utf8')),
  };
}

const LAYOUTS: Layout[] = ['recipe', 'per-campaign', 'foreign-absolute'];

describe('runCheck on generated engagements', () => {
  it.each(LAYOUTS.flatMap((layout) => [11, 29].map((seed) => [layout, seed] as const)))(
    '%s layout (seed %i): no problems, every approved job ships',
    async (layout, seed) => {
      const eng = generateEngagement({ seed, layout });
      const { workspaceRoot, clientRoot } = await writeWorkspace(eng);
      const report = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
      expect(formatCheckReport(report)).toBe('handoff-check acme: no problems');
      expect(report.notes.join('\n')).toMatch(new RegExp(`${eng.approvedJobs.length} jobs and \\d+ assets would ship`));
    },
  );

  it.each(LAYOUTS)(
    '%s layout: every problem kind is reported in one run, naming its file; the fixes from that report give a bundle that passes the cold test',
    async (layout) => {
      const eng = generateEngagement({ seed: 7, layout, inject: PROBLEM_KINDS });
      const { workspaceRoot, clientRoot } = await writeWorkspace(eng);
      const report = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
      expect(report.ok).toBe(false);
      const files = report.problems.map((p) => p.file ?? '');
      for (const { kind, file } of eng.injected) {
        const shown = kind === 'unknown-model' ? 'model-registry.json' : `clients/acme/${file}`;
        expect([kind, files.some((f) => f === shown)]).toEqual([kind, true]);
      }
      expect(report.problems.every((p) => p.hint)).toBe(true);
      // Nothing that never ships is a problem: .DS_Store (git-ignored), failed jobs with null outputs.
      expect(files.join('\n')).not.toMatch(/\.DS_Store/);
      const text = formatCheckReport(report);
      if (process.env.SHOW_CHECK_REPORT) console.log(text);
      expect(text).toMatch(/problems in \d+ files; nothing was packaged$/);

      await applyFixes(io(workspaceRoot), 'clients/acme', eng);
      const again = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
      expect(formatCheckReport(again)).toBe('handoff-check acme: no problems');
      const { result } = await runPackage({ workspaceRoot, clientRoot, genAi: noCli });
      const cold = await runColdTest({ zip: result.zipPath, client: { workspaceRoot, clientRoot }, genAi: noCli });
      expect(cold.report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    },
    60_000,
  );

  it("refuses the generator's support-contact placeholder and notes brand stub lines still to fill in", async () => {
    const eng = generateEngagement({ seed: 5, layout: 'recipe' });
    const { workspaceRoot, clientRoot } = await writeWorkspace(eng);
    const config = JSON.parse(await fs.readFile(path.join(clientRoot, 'handoff.json'), 'utf8'));
    config.support.contact = 'TO FILL IN: agency support contact (name, e-mail)';
    config.brand = { system: 'brand/brand-system.json', rules: 'brand/brand.md' };
    await writeTree(clientRoot, {
      'handoff.json': config,
      'brand/brand.md': '# Acme\n\n## Voice\n\nTO FILL IN\n\n## Colour\n\nTeal first.\n\nTO FILL IN: typography\n',
      'brand/brand-system.json': { brand: 'Acme', colors: [{ name: 'primary', hex: '#00A3A3' }] },
    });
    const report = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
    expect(report.problems).toEqual([
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        file: 'clients/acme/handoff.json',
        field: 'support.contact',
        hint: expect.stringContaining('support.contact'),
      }),
    ]);
    expect(report.notes).toContainEqual(
      expect.stringMatching(/^clients\/acme\/brand\/brand\.md: "TO FILL IN" on lines 5, 11: .*docs\/brand\.md/),
    );
    expect(report.notes.join('\n')).not.toContain('brand-system.json');

    config.support.contact = 'Jo Doe <jo@agency.example>';
    await writeTree(clientRoot, { 'handoff.json': config });
    const fixed = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
    expect(formatCheckReport(fixed)).toBe('handoff-check acme: no problems');
  });

  it('reports a broken handoff.json and stops there, naming the file', async () => {
    const eng = generateEngagement({ seed: 3, layout: 'recipe' });
    const { workspaceRoot, clientRoot } = await writeWorkspace(eng);
    await fs.writeFile(path.join(clientRoot, 'handoff.json'), '{ "client": 1 }');
    const report = await runCheck({ workspaceRoot, clientRoot, genAi: noCli });
    expect(report.ok).toBe(false);
    expect(report.problems[0].file).toBe('clients/acme/handoff.json');
  });
});
