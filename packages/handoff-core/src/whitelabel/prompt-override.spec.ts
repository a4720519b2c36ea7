import { clientConfigSchema } from '../config/client-config';
import { isHandoffError } from '../errors';
import { stripInternal } from '../strip/strip';
import { findJobTerms } from './terms';
import type { ApprovedSet, InventoryJob, Job } from '../types';
import { promptOverridesSchema, type PromptOverride } from '../config/prompt-override-schema';
import { applyPromptOverrides, applyPromptOverridesToSet, promptSha256 } from './prompt-override';

const terms = ['Globex', 'Dana'];
const jobA: Job = {
  id: 'hero-03',
  model: 'recraftv4',
  prompt: 'a teal wave in the style of Globex ads',
  tags: ['hero', 'internal-review'],
};
const jobB: Job = { id: 'hero-04', model: 'recraftv4', prompt: 'a calm harbour' };
const inv = (job: Job): InventoryJob => ({ job, source: 'campaign/results.json', campaign: 'campaign', outputs: [] });
const set: ApprovedSet = {
  jobs: [inv(jobA), inv(jobB)],
  assets: [],
  dropped: [],
  results: [
    {
      abs: '/c/campaign/results.json',
      rel: 'campaign/results.json',
      campaign: 'campaign',
      extra: {},
      jobs: [jobA, jobB],
    },
  ],
};
const override: PromptOverride = {
  job: 'hero-03',
  prompt: 'a teal wave over a city skyline',
  reason: 'competitor name removed',
  originalSha256: promptSha256(jobA.prompt).slice(0, 12),
};

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isHandoffError(err)) return err.problems.map((p) => `${p.field}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('prompt overrides', () => {
  it('rewrites the overridden prompt in jobs and results files alike and records the edit', () => {
    const { set: out, records } = applyPromptOverridesToSet(set, [override], { terms });
    expect(out.jobs[0].job.prompt).toBe('a teal wave over a city skyline');
    expect(out.results[0].jobs[0]).toBe(out.jobs[0].job);
    expect(out.jobs[1]).toBe(set.jobs[1]);
    expect(set.jobs[0].job.prompt).toMatch(/Globex/);
    expect(findJobTerms(out.jobs, terms)).toEqual([]);
    expect(records).toEqual([
      {
        jobId: 'hero-03',
        source: 'campaign/results.json',
        reason: 'competitor name removed',
        note: 'job hero-03: prompt edited for white-labelling (competitor name removed); regenerating it will not reproduce the delivered asset exactly',
      },
    ]);
    const stripped = stripInternal(out, clientConfigSchema.shape.strip.parse({}));
    expect(stripped.results[0].jobs[0]).toEqual({ ...jobA, prompt: override.prompt, tags: ['hero'] });
    expect(applyPromptOverridesToSet(set, [], { terms }).set).toBe(set);
  });

  it('rejects unknown and duplicate jobs, leftover terms, a changed original and a no-op, all at once', () => {
    const problems = problemsOf(() =>
      applyPromptOverrides(
        set.jobs,
        [
          { job: 'hero-99', prompt: 'x', reason: 'y' },
          { job: 'hero-03', prompt: 'a GLOBEX-free wave', reason: 'removed Dana', originalSha256: 'abcdefabcdef' },
          { job: 'hero-03', prompt: 'again', reason: 'twice' },
          { job: 'hero-04', prompt: 'a calm harbour', reason: 'none' },
        ],
        { terms, configFile: 'clients/acme/handoff.json' },
      ),
    );
    expect(problems).toEqual([
      'strip.promptOverrides[0].job: no approved job "hero-99"',
      'strip.promptOverrides[1].prompt: the override still contains denylisted term(s) "Globex"',
      'strip.promptOverrides[1].reason: the reason contains denylisted term(s) "Dana"; it ships in CHANGELOG.md',
      'strip.promptOverrides[1].originalSha256: the prompt of job "hero-03" changed since the override was written',
      'strip.promptOverrides[2].job: a second override for job "hero-03"',
      'strip.promptOverrides[3].prompt: the override does not change the prompt of job "hero-04"',
    ]);
  });

  it('validates the handoff.json shape', () => {
    expect(promptOverridesSchema.parse(undefined)).toEqual([]);
    expect(promptOverridesSchema.safeParse([{ job: 'a', prompt: 'b', reason: 'c', extra: 1 }]).success).toBe(false);
    expect(
      promptOverridesSchema.safeParse([{ job: 'a', prompt: 'b', reason: 'c', originalSha256: 'XYZ' }]).success,
    ).toBe(false);
    expect(promptOverridesSchema.safeParse([{ job: 'a', prompt: '', reason: 'c' }]).success).toBe(false);
  });
});
