/**
 * The regeneration proof through `nx run` in a fresh workspace holding the example client, with the
 * fake gen-ai on PATH: identical with the deterministic fake, drifted with its drift switch (exit
 * non-zero, picture written), not reproducible for a seedless model. Steps share one workspace.
 */
import { existsSync } from 'node:fs';
import { FakeGenAiBin } from './utils/fake-genai';
import { E2eWorkspace } from './utils/workspace';

jest.setTimeout(300_000);

const SLUG = 'example-client';
const ZIP = `dist/handoff/${SLUG}/handoff-v1/${SLUG}-handoff-v1-2026-11-20.zip`;

interface ProofJson {
  ok: boolean;
  generations: number;
  jobs: Array<{
    id: string;
    outcome: string;
    reason?: string;
    outputs: Array<{ outcome: string; ssim?: number; hashDistance?: number; picture?: string }>;
  }>;
}

describe('handoff-regen-proof in a fresh workspace', () => {
  let ws: E2eWorkspace;
  const bin = new FakeGenAiBin();
  const proof = () => ws.readJson<ProofJson>(`${ZIP}.regen-proof.json`);
  const run = (switches: Record<string, string>, ...args: string[]) =>
    ws.nxWithEnv(bin.use(switches), 'run', `${SLUG}:handoff-regen-proof`, '--output-style=static', ...args);

  beforeAll(() => {
    ws = new E2eWorkspace();
    ws.nxOk('g', 'nx-handoff:init');
    for (const dir of ['deliverables', 'brand'])
      ws.copyFromRepo(`apps/example-client/${dir}`, `clients/${SLUG}/${dir}`);
    ws.copyFromRepo('apps/example-client/handoff.json', `clients/${SLUG}/handoff.json`);
    ws.copyFromRepo('model-registry.json', 'model-registry.json');
    ws.copyFromRepo('handoff.workspace.json', 'handoff.workspace.json');
    ws.commit('example client');
  });
  afterAll(() => {
    ws?.dispose();
    bin.dispose();
  });

  it('is an opt-in, never-cached target with a description', () => {
    const project = JSON.parse(ws.nxOk('show', 'project', SLUG, '--json').trim().split('\n').pop()!);
    const target = project.targets['handoff-regen-proof'];
    expect(target).toMatchObject({ executor: 'nx-handoff:regen-proof', cache: false, dependsOn: ['handoff'] });
    expect(target.metadata.description).toMatch(/spends credits/);
    expect(project.targets.handoff.dependsOn).toEqual(['handoff-cold-test']);
  });

  it('identical: the deterministic fake regenerates the default job pixel for pixel (no TTY: no question)', () => {
    const r = run({});
    expect(r.status).toBe(0);
    expect(r.output).toContain('Regeneration proof: 1 generation(s) with the pinned models');
    expect(r.output).toMatch(/IDENTICAL\s+nw-holiday-001/);
    expect(proof()).toMatchObject({ ok: true, generations: 1, jobs: [{ id: 'nw-holiday-001', outcome: 'identical' }] });
    expect(ws.read(`${ZIP}.regen-proof.md`)).toContain('**PASS**');
  });

  it('drifted: the drift switch fails the run with the figures and writes the side-by-side picture', () => {
    const r = run({ FAKE_GENAI_DRIFT: 'large' });
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('regeneration proof FAILED');
    const job = proof().jobs[0];
    expect(job.outcome).toBe('drifted');
    expect(job.reason).toMatch(/^SSIM 0\.\d+, perceptual-hash distance \d+\/256/);
    expect(existsSync(ws.path('dist/handoff', SLUG, 'handoff-v1', job.outputs[0].picture!))).toBe(true);
    expect(run({ FAKE_GENAI_DRIFT: 'large' }, '--allow-drift').status).toBe(0);
  });

  it('equivalent: slight noise passes within the thresholds', () => {
    const r = run({ FAKE_GENAI_DRIFT: 'slight' });
    expect(r.status).toBe(0);
    expect(proof().jobs[0]).toMatchObject({ outcome: 'equivalent' });
  });

  it('not reproducible: a seedless model (--jobs), and a retired version', () => {
    const seedless = run({}, '--jobs=nw-spring-003');
    expect(seedless.status).not.toBe(0);
    expect(seedless.output).toMatch(/NOT-REPRODUCIBLE\s+nw-spring-003/);
    expect(proof()).toMatchObject({ generations: 0, jobs: [{ id: 'nw-spring-003', outcome: 'not-reproducible' }] });
    const retired = run({ FAKE_GENAI_RETIRED: '1' }, '--jobs=nw-spring-001', '--yes');
    expect(retired.status).not.toBe(0);
    expect(proof().jobs[0]).toMatchObject({
      id: 'nw-spring-001',
      outcome: 'not-reproducible',
      reason: expect.stringMatching(/has been retired/),
    });
  });
});
