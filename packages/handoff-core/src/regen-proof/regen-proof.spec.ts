import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isHandoffError } from '../errors';
import { createGenAiClient } from '../genai/client';
import { makeTempDir } from '../testing/fixture-tree';
import { decodeImage } from './decode-image';
import { runRegenProof } from './run-regen-proof';
import { buildExampleBundle, fakeGenAi } from './testing/example-bundle';
import { EQUIVALENCE_THRESHOLDS } from './thresholds';

jest.setTimeout(120_000);

let zip: string;
let home: string;
beforeAll(async () => {
  ({ zip } = await buildExampleBundle());
  home = await makeTempDir('nx-handoff-regen-home-');
});

/** A proof with the fake CLI; reports go under a fresh base so runs do not share files. */
async function prove(
  name: string,
  extra: NodeJS.ProcessEnv,
  opts: { jobs?: string[]; allowDrift?: boolean; confirm?: () => Promise<boolean> } = {},
) {
  const reportBase = path.join(await makeTempDir('nx-handoff-regen-out-'), `${name}.zip`);
  return { reportBase, ...(await runRegenProof({ zip, reportBase, genAi: fakeGenAi(home, extra), ...opts })) };
}

describe('runRegenProof on the example bundle (fake gen-ai)', () => {
  it('identical: the default job regenerates to the same pixels; JSON, Markdown and the picture are written', async () => {
    const { report, json, markdown, reportBase } = await prove('identical', {});
    expect(report.jobs.map((j) => [j.id, j.outcome, j.generated])).toEqual([['nw-holiday-001', 'identical', true]]);
    expect(report).toMatchObject({ ok: true, generations: 1, counts: { identical: 1 } });
    expect(report.jobs[0].outputs[0]).toMatchObject({
      asset: 'assets/holiday-ooh/billboard-winter-ember-16x9.png',
      ssim: 1,
      hashDistance: 0,
      changedPixels: 0,
    });
    expect(JSON.parse(readFileSync(json, 'utf8')).jobs[0].outcome).toBe('identical');
    expect(readFileSync(markdown, 'utf8')).toContain('**PASS**: 1 identical; 1 generation(s) made');
    const picture = path.join(path.dirname(reportBase), report.jobs[0].outputs[0].picture!);
    const decoded = await decodeImage(picture);
    // original | regenerated | heat map, 320x180 each, 8 px gaps.
    expect(decoded.ok && [decoded.image.width, decoded.image.height]).toEqual([3 * 320 + 4 * 8, 180 + 2 * 8]);
  });

  it('identical for every output of a job with two pictures', async () => {
    const { report } = await prove('two', {}, { jobs: ['nw-spring-002'] });
    expect(report.jobs[0].outputs.map((o) => [o.asset, o.outcome])).toEqual([
      ['assets/spring-launch/pack-shot-bloom-1x1-a.png', 'identical'],
      ['assets/spring-launch/pack-shot-bloom-1x1-b.png', 'identical'],
    ]);
  });

  it('equivalent: slight noise stays within the thresholds, with the figures', async () => {
    const { report } = await prove('slight', { FAKE_GENAI_DRIFT: 'slight' });
    const out = report.jobs[0].outputs[0];
    expect(report.jobs[0].outcome).toBe('equivalent');
    expect(out.ssim).toBeGreaterThanOrEqual(EQUIVALENCE_THRESHOLDS.minSsim);
    expect(out.ssim).toBeLessThan(1);
    expect(out.hashDistance).toBeLessThanOrEqual(EQUIVALENCE_THRESHOLDS.maxHashDistance);
    expect(out.changedRatio).toBeLessThanOrEqual(EQUIVALENCE_THRESHOLDS.maxChangedRatio);
    expect(report.ok).toBe(true);
  });

  it('drifted: outside the thresholds, not ok unless drift is allowed', async () => {
    const { report, markdown } = await prove('large', { FAKE_GENAI_DRIFT: 'large' });
    const out = report.jobs[0].outputs[0];
    expect(report.jobs[0].outcome).toBe('drifted');
    const t = EQUIVALENCE_THRESHOLDS;
    expect(
      out.ssim! < t.minSsim || out.hashDistance! > t.maxHashDistance || out.changedRatio! > t.maxChangedRatio,
    ).toBe(true);
    expect(out.reason).toMatch(/^SSIM 0\.\d+, perceptual-hash distance \d+\/256/);
    expect(report.ok).toBe(false);
    expect(readFileSync(markdown, 'utf8')).toContain('**FAIL**');
    expect((await prove('allowed', { FAKE_GENAI_DRIFT: 'large' }, { allowDrift: true })).report.ok).toBe(true);
  });

  it('not reproducible: a seedless model (gen-ai models info) is settled without generating', async () => {
    const log = path.join(home, 'seedless.jsonl');
    const { report } = await prove('seedless', { FAKE_GENAI_LOG: log }, { jobs: ['nw-spring-003'] });
    expect(report.jobs[0]).toMatchObject({ id: 'nw-spring-003', outcome: 'not-reproducible', generated: false });
    expect(report.jobs[0].reason).toMatch(/gemini-3\.1-flash-image@2026-02-01 takes no seed/);
    expect(report).toMatchObject({ generations: 0, ok: false });
    const commands = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).argv[0]);
    expect(commands).not.toContain('generate');
  });

  it('not reproducible: captured capabilities (docs/model-pins.json) saying seed: false settle it, even without a CLI', async () => {
    const seedless = await buildExampleBundle((r) => {
      r.models['gemini-3.1-flash-image'].capabilities.seed = false;
    });
    const noCli = createGenAiClient({ bin: path.join(home, 'no-gen-ai') });
    const { report } = await runRegenProof({ zip: seedless.zip, jobs: ['nw-spring-003'], genAi: noCli });
    expect(report.jobs[0]).toMatchObject({
      outcome: 'not-reproducible',
      generated: false,
      reason: expect.stringContaining('docs/model-pins.json says gemini-3.1-flash-image@2026-02-01 takes no seed'),
    });
  });

  it('not reproducible: a retired version, and a seed the provider ignored', async () => {
    const retired = (await prove('retired', { FAKE_GENAI_RETIRED: '1' })).report.jobs[0];
    expect(retired).toMatchObject({ outcome: 'not-reproducible', generated: true, outputs: [] });
    expect(retired.reason).toMatch(/pinned version is gone: .*recraftv4@2026-03-15 has been retired/);
    const ignored = (await prove('ignored', { FAKE_GENAI_IGNORE_SEED: '1' })).report.jobs[0];
    expect(ignored.outcome).toBe('not-reproducible');
    expect(ignored.reason).toMatch(/not the pinned seed 1207/);
    expect(ignored.outputs[0].ssim).toEqual(expect.any(Number));
  });

  it('asks before spending: a refusal generates nothing and writes no report', async () => {
    const log = path.join(home, 'cancel.jsonl');
    let asked: unknown;
    const err = await prove(
      'cancel',
      { FAKE_GENAI_LOG: log },
      { jobs: ['nw-spring-001', 'nw-spring-003'], confirm: async (plan?: unknown) => ((asked = plan), false) as never },
    ).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.code).toBe('CANCELLED');
    expect(asked).toMatchObject({
      generations: 1,
      jobs: ['nw-spring-001'],
      settled: [{ id: 'nw-spring-003', outcome: 'not-reproducible' }],
    });
    expect(readFileSync(log, 'utf8')).not.toContain('"generate"');
  });

  it('names every unknown job id with the ids there are', async () => {
    const err = await prove('unknown', {}, { jobs: ['nope', 'nw-spring-001', 'nada'] }).catch((e: unknown) => e);
    expect(isHandoffError(err) && err.message).toMatch(/no job "nope", "nada".*\n.*pick from: .*nw-spring-001/);
  });

  it('refuses a missing zip', async () => {
    const err = await runRegenProof({ zip: path.join(home, 'none.zip'), genAi: fakeGenAi(home) }).catch(
      (e: unknown) => e,
    );
    expect(isHandoffError(err) && err.code).toBe('IO');
    expect(existsSync(`${path.join(home, 'none.zip')}.regen-proof.json`)).toBe(false);
    await fs.rm(path.join(home, 'x'), { force: true });
  });
});
